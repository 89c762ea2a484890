# formats
# Datas, horas, números e os erros do texto de uma mensagem e do horário de envio. As chaves começam com formats-.

## Datas e horas: padrões strftime do chrono (%-d o dia, %b / %B o nome curto / completo do mês,
## %Y o ano, %H:%M:%S a hora). Coloque as partes na ordem do seu idioma.
formats-minute = %-d %b %Y, %H:%M
formats-second = %-d %b %Y, %H:%M:%S
formats-at-utc = { $time } UTC
formats-at-zone = { $time } ({ $zone })
# Entre os itens de uma lista ("Notícias, Ofertas"): as aspas mantêm o espaço.
formats-list-separator = { ", " }

## O texto de uma mensagem (escrever, editar, uma mensagem de teste)
formats-text-empty = Escreva a mensagem primeiro.
formats-text-bad-html = Isto não é HTML do Telegram válido: { $problem }.
formats-text-invisible = A mensagem não tem texto visível.
formats-text-too-long = Esta mensagem sairia em { $parts } mensagens; o tglink envia no máximo { $max }. Encurte-a em cerca de { $over } { $over ->
        [one] caractere
       *[other] caracteres
    }.

## O que está errado no HTML do Telegram (depois de "Isto não é HTML do Telegram válido:"); as tags ficam como estão.
formats-html-at = { $problem } (no caractere { $at })
formats-html-never-closed = <{ $tag }> nunca é fechada: adicione </{ $tag }>
formats-html-lone-angle = um "<" que não abre nenhuma tag: escreva &lt; para um < literal
formats-html-unknown-tag = <{ $tag }> não é uma tag que o Telegram aceita (aceitas: b, i, u, s, a, code, pre, blockquote, tg-spoiler, tg-emoji); escreva &lt; para um < literal
formats-html-open-unclosed = <{ $tag } não é fechada com >
formats-html-unexpected = caractere inesperado em <{ $tag }>
formats-html-no-quote = falta a aspa de fechamento no atributo { $attribute } de <{ $tag }>
formats-html-attribute = <{ $tag }> não aceita o atributo { $attribute }
formats-html-href-scheme = <a href> precisa ser um link http://, https:// ou tg://
formats-html-href-missing = <a> precisa de um href, por exemplo <a href="https://example.com">
formats-html-span = <span> precisa ser <span class="tg-spoiler">
formats-html-code-class = <code class> precisa ser language-…
formats-html-emoji = <tg-emoji> precisa de um emoji-id numérico
formats-html-close-unclosed = </{ $tag } não é fechada com >
formats-html-mismatch = </{ $tag }> aparece onde se esperava </{ $expected }>
formats-html-never-opened = </{ $tag }> fecha uma tag que nunca foi aberta

## Quando enviar
formats-send-at-past = Esse horário já passou; escolha um horário no futuro.
formats-send-at-too-far = Agende com no máximo um ano de antecedência.

## Páginas de erro (título e depois o que a página diz)
formats-error-not-found-title = Não encontrado
formats-error-no-page-title = Página não encontrada
formats-error-no-page = Não há nada neste endereço. Confira o link ou comece de novo pela página inicial.
formats-error-no-such-broadcast = Este comunicado não existe. Ele pode ter sido removido junto com quem o escreveu.
formats-error-no-such-topic = Este assunto não existe.
formats-error-not-scheduled = Este comunicado agendado não existe.
formats-error-no-such-account = Esta conta não existe.
formats-error-no-oidc = Entrar com o Telegram não está configurado neste site.
formats-error-busy-title = Muito trabalho agora
formats-error-busy = O site está com muita coisa para fazer no momento. Tente de novo daqui a alguns segundos.
formats-error-unexpected-title = Algo deu errado
formats-error-unexpected = Algo deu errado do nosso lado. Tente de novo daqui a pouco.
formats-error-account-unloaded = Não conseguimos carregar sua conta. Tente de novo daqui a pouco.
formats-error-admins-only-title = Só para administradores
formats-error-admins-only = Esta página é para os administradores do site.
formats-error-form-expired-title = Este formulário expirou
formats-error-form-expired = Para sua segurança, não fizemos nada com ele. Volte, recarregue a página e tente de novo.
