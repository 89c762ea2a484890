# admin
# As páginas de administração. As chaves começam com admin-; uma mensagem com marcação (<code>) aparece como está: mantenha as tags.

## Abas e visão geral (_nav.html, overview.html, _health.html)
admin-title = Administração
admin-nav-label = Administração
admin-menu = Menu de administração
admin-pages = Páginas de administração
admin-nav-overview = Visão geral
admin-nav-compose = Novo comunicado
admin-nav-history = Histórico
admin-nav-topics = Assuntos
admin-nav-users = Usuários
admin-nav-groups = Grupos
admin-nav-audit = Registro de auditoria
admin-nav-tokens = Tokens de API
admin-nav-webhooks = Webhooks
admin-bot-not-configured = O bot não está configurado (<code>TELEGRAM_BOT_TOKEN</code> não foi definido): as mensagens ficam na fila, mas não são enviadas.
admin-stat-users = usuários
admin-stat-linked = vinculados ao Telegram
admin-stat-waiting = mensagens aguardando envio
admin-queue-heading = Fila de envio
admin-events-heading = Vínculos e desvínculos recentes
admin-events-none = Ninguém vinculou o Telegram ainda.
admin-col-user = Usuário
admin-col-event = Evento
admin-col-how = Como
admin-col-when = Quando
admin-event-linked = vinculado
admin-event-unlinked = desvinculado
admin-via-bot = confirmado no bot
admin-via-telegram-login = com o login do Telegram
admin-via-page = na página Conectar
admin-via-stop = com /stop
admin-via-blocked = bloqueou o bot
admin-via-send-forbidden = um envio foi recusado (403)
admin-via-chat-not-found = o chat não existe mais
admin-via-account-deleted = a conta foi excluída
admin-via-admin = por um administrador
admin-via-api = pelo site, via API
admin-via-disabled = a conta foi desativada
admin-via-removed = o bot foi removido
admin-via-no-posting = o bot não pode mais publicar
admin-health-worker = Processo de envio
admin-health-running = em execução
admin-health-idle = ocioso ou parado
admin-health-rate = Ritmo de envio
admin-health-per-second = mensagens/s
admin-health-rate-limited = Limitado pelo Telegram
admin-health-paused-until = pausado até { $until }
admin-health-no = não
admin-health-last-error = Último erro
admin-health-none = nenhum

## Novo comunicado (compose.html, _message_fields.html, _zone_field.html, compose.rs)
admin-compose-bot-not-configured = O bot não está configurado: este comunicado vai esperar na fila até que <code>TELEGRAM_BOT_TOKEN</code> seja definido.
admin-message = Mensagem
admin-text-help = Até { $max } caracteres, contados como o Telegram conta, saem como uma única mensagem; um texto mais longo sai em várias (no máximo { $parts }), dividido entre parágrafos.
admin-format = Formato
admin-format-plain = Texto simples
admin-format-plain-hint = (enviado exatamente como você escreveu)
admin-format-markdown-hint = (**negrito**, _itálico_, ~~riscado~~, `código`, [um link](https://example.com), listas e citações com >)
admin-format-html-hint = (<b> <i> <u> <s> <a href> <code> <pre> <blockquote> <tg-spoiler>; escreva &lt; para um < literal)
admin-topic = Assunto
admin-topic-none = Nenhum: todos os vinculados
admin-topic-critical-mark = (crítico)
admin-topic-help = Com um assunto, só os membros que o recebem ganham a mensagem, com um botão para silenciar o assunto. Um assunto crítico chega a todos os vinculados.
admin-delivery = Entrega
admin-silent = Silencioso
admin-silent-hint = (chega sem som: para novidades de baixa prioridade)
admin-protected = Protegido
admin-protected-hint = (não pode ser encaminhado nem salvo)
admin-to-groups = Publicar também nos grupos e canais conectados
admin-to-groups-connected = { $count ->
        [one] { $count } conectado
       *[other] { $count } conectados
    }
admin-to-groups-see = ver quais
admin-to-groups-unfiltered = os assuntos não os filtram
admin-buttons = Botões
admin-buttons-hint = (opcional: cada um com um rótulo e um endereço https://)
admin-button-label = Rótulo do botão { $n }
admin-button-placeholder = Rótulo
admin-button-address = Endereço do botão { $n }
admin-button-n = Botão { $n }
admin-when = Quando
admin-send-at = Enviar em
admin-send-at-hint = (vazio: agora)
admin-time-zone = Fuso horário
admin-time-zone-hint = (digite uma cidade para buscar)
admin-preview = Pré-visualizar
admin-preview-empty = Sua mensagem aparece aqui como o Telegram a mostra.
admin-reaches-before = Alcança
admin-reaches-after = agora.
admin-send-confirm = Enviar esta mensagem para { $reach } no Telegram agora?
admin-send-now = Enviar para { $reach } agora
admin-test-me = Enviar um teste para mim
admin-test-me-link-first = Vincule o Telegram primeiro:
admin-test-admins = Teste: enviar só para { $count } administradores
admin-users-count = { $count ->
        [one] { $shown } usuário
       *[other] { $shown } usuários
    }
admin-nobody-topic = Ninguém recebe o assunto { $topic } ainda: nenhum membro vinculado o escolheu{ $default ->
        [off] , e ele vem desativado por padrão
       *[on] {""}
    }.
admin-nobody-linked = Ainda não há para quem enviar: nenhum membro vinculou o Telegram.
admin-form-stale = Este formulário está desatualizado; envie-o de novo.
admin-sent-as-parts = Enviado em { $parts } mensagens (o Telegram permite { $max } caracteres em cada uma).
admin-test-needs-link = Vincule seu Telegram primeiro (Conectar Telegram): o teste vai para o seu próprio chat.
admin-test-on-its-way = Um teste está a caminho do seu Telegram.
admin-sending-test-admins = Enviando um teste aos administradores vinculados ({ $reach }).
admin-scheduled-for = Agendado para { $at }: pelos números de agora, vai alcançar { $reach }.
admin-sending-to = Enviando para { $reach }.
admin-queued-already = Este comunicado já estava na fila: aqui está ele.
admin-topic-choose = Escolha um assunto da lista.
admin-topic-gone = Este assunto não existe mais; escolha outro.
admin-send-at-invalid = Informe uma data e hora, como 2026-12-24T18:00.
admin-zone-invalid = Escolha o fuso horário deste horário.
admin-time-skipped = Este horário não existe nesse fuso (o relógio pula essa hora).
