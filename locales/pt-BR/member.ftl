# member
# As páginas do membro: início, cadastro, Conectar, links de acesso, entrar com o Telegram, o widget, páginas de erro, /account/*, o ambiente de testes. Chaves com member-.
# Tratamento: «você», como no resto do site. Uma mensagem com marcação (<strong>, <code>) é mostrada como está: mantenha as tags. As variáveis já chegam escapadas.

## Início (home.html)
member-home-title = Boas-vindas
member-home-hello = Olá, { $username }
member-home-linked = As mensagens deste site chegam para você no Telegram como <strong>{ $telegram }</strong>.
member-home-choose-topics = Escolher assuntos e horário silencioso
member-home-connect-lead = Receba as notificações deste site no Telegram: conecte sua conta em poucos segundos.
member-home-heading = Suas notificações, no Telegram
member-home-lead = Crie uma conta, toque em um link, confirme no Telegram — e este site consegue falar com você onde você já está.
member-home-how = Como funciona
member-home-step-signup = <strong>Crie sua conta</strong> com um nome de usuário e uma senha.
member-home-step-connect = <strong>Abra Conectar Telegram</strong> e toque no botão, ou escaneie o QR code com o celular.
member-home-step-confirm = <strong>Confirme no bot</strong>. Pronto: os anúncios chegam como mensagens do Telegram.

## Cadastro e senhas (signup.html, telegram_signup.html, account/_new_password.html)
member-signup-heading = Crie sua conta
member-username-help = De 3 a 32 letras, dígitos, _ . ou -
member-password-confirm = Confirme a senha
member-password-help = Pelo menos 10 caracteres. Algumas palavras que você vai lembrar funcionam bem.
member-create-account = Criar conta
member-signup-have-account = Já tem uma conta?
member-telegram-signup-intro = Sua nova conta no { $site } vai ficar vinculada à conta do Telegram <strong>{ $telegram }</strong>, e você entra com o Telegram. Escolha seu nome de usuário:
member-telegram-signup-no-password = Não precisa de senha; você pode definir uma depois em <strong>Esqueceu sua senha?</strong> (o link chega neste chat do Telegram).

## Conectar Telegram (connect.html, connect_unlink.html)
member-connect-unlinked = Sua conta do Telegram foi desvinculada. Você não vai mais receber mensagens do { $site } no Telegram.
member-connected-to = Conectada a <strong>{ $name }</strong>
member-connect-sends = O { $site } envia anúncios e notificações para esta conta do Telegram. No chat, envie <code>/whoami</code> para conferir ou <code>/stop</code> para desvincular por lá.
member-connect-sends-since = O { $site } envia anúncios e notificações para esta conta do Telegram (vinculada em { $since }). No chat, envie <code>/whoami</code> para conferir ou <code>/stop</code> para desvincular por lá.
member-connect-next = Próximo passo: deixe do seu jeito
member-connect-next-topics = Escolha seus assuntos
member-connect-next-topics-hint = só o que interessa a você
member-connect-next-quiet = Defina um horário silencioso
member-connect-next-quiet-hint = sem som à noite
member-connect-unlink-button = Desvincular o Telegram…
member-connect-not-configured = O bot do Telegram ainda não está configurado neste site. Peça ao administrador do site para definir <code>TELEGRAM_BOT_TOKEN</code>.
member-connect-lead = Receba os anúncios e as notificações do { $site } no Telegram: vincule sua conta do Telegram em dois toques.
member-open-in-telegram = Abrir no Telegram
member-connect-opens-chat = O Telegram abre um chat com <strong>@{ $bot }</strong>: toque em <strong>Começar</strong> e depois em <strong>Confirmar</strong>.
member-connect-waiting = Esperando sua confirmação no Telegram… esta página se atualiza sozinha.
member-connect-fallback = O chat abriu sem pedir para vincular?
member-start-help = Às vezes o Telegram Desktop perde o link. Envie esta mensagem para { $bot }:
member-copy = Copiar
member-copied-short = Copiado
member-copied = Copiado para a área de transferência. Cole no chat com o bot.
member-copy-selected = Selecionado: pressione Ctrl+C (ou ⌘C) para copiar.
member-qr-heading = No computador? Escaneie com o celular
member-qr-alt = QR code do link Abrir no Telegram. Escaneie com a câmera do celular para abrir @{ $bot }.
member-qr-hint = Aponte a câmera do celular para o código para abrir o bot nele.
member-connect-valid-for = Este link funciona por { $duration }, uma vez só, e apenas para a sua conta. Recarregar esta página mantém o mesmo link.
member-duration-less-than-minute = menos de um minuto
member-duration-minutes = { $minutes ->
        [one] mais { $minutes } minuto
       *[other] mais { $minutes } minutos
    }
member-duration-hours = { $hours ->
        [one] cerca de mais { $hours } hora
       *[other] cerca de mais { $hours } horas
    }
member-connect-webhook-refused = A vinculação está pausada: o Telegram ainda não entrega mensagens ao bot deste site porque recusou o endereço do site. O operador do site pode ver o motivo no log. Esta página se atualiza sozinha quando isso for resolvido.
member-connect-unreachable = No momento não conseguimos falar com o Telegram, então a vinculação está pausada. Continuamos tentando; esta página se atualiza sozinha quando o bot voltar.
member-connect-starting = O bot do Telegram está iniciando. Esta página se atualiza sozinha em instantes.
member-groups-heading = Grupos e canais
member-groups-disconnected = Desconectado. Os comunicados não vão mais para lá; o bot fica no chat até você removê-lo.
member-groups-intro = Publique os anúncios do { $site } em um grupo ou canal do Telegram de que você participa. O Telegram pergunta qual chat; em um canal, deixe o bot <strong>Publicar mensagens</strong>. Em um grupo com tópicos, um administrador envia <code>/here</code> no tópico onde os anúncios devem chegar.
member-groups-add-group = Adicionar a um grupo
member-groups-add-channel = Adicionar a um canal
member-groups-link-again = Vincule sua conta do Telegram de novo para conectar mais.
member-groups-none = Nenhum grupo ou canal conectado ainda.
member-groups-chat-facts = { $kind ->
        [channel] canal
        [supergroup] supergrupo
       *[group] grupo
    }{ $topic ->
        [yes] , em um tópico
       *[no] {""}
    }, desde { $since }
member-groups-disconnect = Desconectar
member-connect-oidc-heading = Ou vincule com o login do Telegram
member-connect-oidc-text = O Telegram pede que você permita que o { $site } conheça sua conta e envie mensagens para você; assim que você permitir, sua conta fica vinculada, sem passar pelo chat.
member-connect-oidc-button = Vincular com o login do Telegram
member-unlink-title = Desvincular o Telegram?
member-unlink-text = O { $site } vai parar de enviar anúncios e notificações para <strong>{ $telegram }</strong>, e as mensagens que aguardam envio serão descartadas. Você pode vincular de novo quando quiser.
member-unlink-confirm = Desvincular { $telegram }
member-unlink-keep = Manter vinculada

## Links de acesso de uso único (signin_link.html)
member-link-sent-heading = Confira o Telegram
member-link-sent-text = Se <strong>{ $username }</strong> tiver uma conta do Telegram vinculada, um link de acesso está a caminho desse chat. Ele funciona uma vez, por 10 minutos.
member-back-to-login = Voltar para o login
member-link-confirm = Entrar como { $username }?
member-link-confirm-button = Entrar como { $username }
member-link-broken-heading = Este link não funciona
member-link-broken-text = Ele já foi usado ou expirou. Peça um novo na página de login.

## Entrar com o Telegram (telegram_login.html)
member-tglogin-lead = Abra o link no Telegram e toque em <strong>Aprovar</strong> no chat com <strong>@{ $bot }</strong>. Esta página faz o seu login sozinha.
member-tglogin-waiting = Esperando sua aprovação no Telegram… esta página se atualiza sozinha.
member-tglogin-fallback = O chat abriu sem perguntar nada?
member-tglogin-terms = Este link funciona uma vez, por 5 minutos, e faz login só neste navegador. Sua conta do Telegram precisa estar vinculada à sua conta no { $site }{ $signup ->
        [on] , ou você pode criar uma conta nova pelo Telegram
       *[off] {""}
    }.
member-tglogin-bot-unreachable = O bot do Telegram não está acessível no momento. Tente de novo em instantes ou entre com sua senha.
member-tglogin-approved = Aprovado no Telegram. Fazendo seu login…
member-tglogin-denied = O acesso foi recusado no Telegram. Ninguém entrou.
member-tglogin-expired = O link de acesso expirou antes de ser aprovado. Comece de novo para receber um novo.
member-tglogin-unlinked = Essa conta do Telegram não está vinculada a nenhuma conta no { $site }{ $signup ->
        [on] {""}
       *[off] , e aqui não é possível criar contas pelo Telegram
    }. Entre com sua senha e depois vincule o Telegram em <strong>Conectar Telegram</strong>.
member-tglogin-refused = Esta conta não pode entrar. Talvez esteja desativada: fale com os administradores do site.
member-tglogin-used = Este link de acesso já foi usado. Comece de novo para receber um novo.
member-tglogin-throttled = Muitas tentativas de acesso a partir da sua rede. Espere 15 minutos e tente de novo.
member-tglogin-unavailable = Entrar com o Telegram não está disponível no momento: o bot do Telegram do site não está pronto. Entre com sua senha ou tente de novo em instantes.
member-try-again = Tentar de novo
member-tglogin-password-instead = Entrar com senha

## O widget Conectar (widget.html, linking/widget.rs)
member-widget-linked = O { $site } envia suas notificações para esta conta do Telegram. No chat, envie <code>/stop</code> para desvincular.
member-widget-not-configured = O bot do Telegram ainda não está configurado.
member-widget-lead = Receba as notificações do { $site } no Telegram.
member-widget-send-this = Ou envie esta mensagem
member-widget-start-help = Se o chat abrir sem pedir para vincular, envie isto para { $bot }:
member-widget-scan = Ou escaneie com o celular
member-widget-waiting = Esperando sua confirmação no Telegram… isto se atualiza sozinho.
member-widget-starting = O bot do Telegram está iniciando ou fora do ar. Isto se atualiza sozinho.
member-widget-disabled = O widget Conectar não está ativado neste tglink.
member-widget-expired = Este link do Conectar expirou. Recarregue a página em que ele está para receber um novo.
member-widget-invalid = Este link do Conectar não é válido. Recarregue a página em que ele está; se continuar assim, avise o site.

## Páginas de erro (error.html, web/mod.rs, accounts/auth.rs, accounts/csrf.rs)
member-error-back = Voltar para a página inicial
member-error-not-found = Não encontrado
member-error-busy = Muito ocupado agora
member-error-busy-text = O site está com muito trabalho no momento. Tente de novo em alguns segundos.
member-error-unexpected = Algo deu errado
member-error-unexpected-text = Algo deu errado do nosso lado. Tente de novo em instantes.
member-error-account-text = Não conseguimos carregar sua conta. Tente de novo em instantes.
member-error-no-page = Página não encontrada
member-error-no-page-text = Não há nada neste endereço. Confira o link ou comece de novo pela página inicial.
member-error-admins-only = Só para administradores
member-error-admins-only-text = Esta página é para os administradores do site.
member-error-form-expired = Este formulário expirou
member-error-form-expired-text = Para sua segurança, não fizemos nada com ele. Volte, recarregue a página e tente de novo.
member-error-oidc-off = O login com o Telegram não está configurado neste site.

## /account/password e as sessões (account/password.html, account/sessions.html)
member-back-to-account = Voltar para sua conta
member-password-intro = Quando a senha muda, todos os outros navegadores conectados à sua conta são desconectados.
member-password-current = Senha atual
member-password-new = Nova senha
member-password-new-confirm = Confirme a nova senha
member-password-wrong = Essa não é a sua senha atual.
member-password-too-many = Muitas senhas erradas. Espere 15 minutos e tente de novo.
member-password-changed-notice = A senha da sua conta <b>{ $username }</b> no { $site } foi trocada em { $at } a partir de { $browser }, e todas as outras sessões foram encerradas. Se não foi você, redefina sua senha e avise os administradores do site.
member-sessions-intro = Navegadores conectados à sua conta. Encerre os que você não reconhecer e depois troque sua senha.
member-sessions-this-device = Este dispositivo
member-sessions-signed-in = Conectado em { $at }
member-sessions-signed-in-unknown = Conectado em —
member-sessions-from = a partir de { $address }
member-sessions-last-seen = último acesso em { $at }
member-sessions-last-seen-recent = último acesso na última hora
member-sessions-sign-out = Encerrar
member-sessions-sign-out-label = Encerrar a sessão de { $browser }
member-sessions-sign-out-this = Encerrar a sessão de { $browser } (este dispositivo)
member-sessions-unlisted = Algumas sessões antigas não podem ser listadas uma a uma; «Encerrar todas as outras» também as encerra.
member-sessions-end-others = Encerrar todas as outras
member-unknown-browser = Navegador desconhecido

## /account/notifications (account/notifications.html, notifications.rs)
member-notif-no-topics = Este site envia tudo para todos os vinculados: ainda não há assuntos para escolher.
member-notif-intro = Escolha o que este site envia para você no Telegram. Você também pode mudar isso no chat com o bot: envie <code>/settings</code>.
member-notif-topics = Assuntos
member-notif-critical = Importante: sempre enviado.
member-notif-quiet = Horário silencioso
member-notif-quiet-about = As mensagens que chegam no seu horário silencioso vêm sem som. As importantes continuam tocando.
member-notif-quiet-on = Silenciar as mensagens à noite
member-notif-from = Das
member-notif-until = Até
member-notif-zone = Seu fuso horário
member-notif-zone-choose = Escolha…
member-notif-zone-hint = Os horários nas páginas deste site também aparecem nele.
member-notif-saved = Suas configurações de notificação foram salvas.
member-notif-quiet-saved = Seu horário silencioso foi salvo.
member-notif-time-error = { $field }: { $problem }
member-notif-time-invalid = Informe um horário como 22:00.
member-notif-same-times = O horário silencioso precisa de um início e um fim diferentes.
member-notif-zone-invalid = Escolha seu fuso horário na lista.

## Excluir a conta (account/delete.html)
member-delete-done = Sua conta foi excluída
member-delete-done-text = Suas sessões foram encerradas, seu chat do Telegram foi desvinculado e seu nome e sua senha foram apagados. Obrigado por ter estado com a gente.
member-home-link = Início
member-delete-last-admin = Você é o último administrador do site. Primeiro torne outro membro administrador e depois volte aqui.
member-delete-intro = Isso desconecta você de todos os lugares, desvincula seu chat do Telegram e apaga seu nome e sua senha. Não dá para desfazer.
member-delete-password = Sua senha, para confirmar
member-delete-button = Excluir minha conta

## Redefinir a senha (account/reset.html, account/reset_request.html)
member-reset-heading = Escolha uma nova senha
member-reset-invalid = Este link não funciona mais
member-reset-invalid-text = Os links para redefinir a senha funcionam por 15 minutos, uma vez só, e apenas o mais recente enviado.
member-reset-new-link = Enviar um novo link
member-reset-for = Para a conta <strong>{ $username }</strong>. Todos os navegadores conectados a ela serão desconectados.
member-reset-set = Definir a nova senha
member-reset-sent = Pedido recebido. Se a conta informada estiver vinculada ao Telegram, o chat dela com nosso bot agora tem um link para escolher uma nova senha. O link funciona por 15 minutos, uma vez só.
member-reset-no-message = Nenhuma mensagem? Uma conta que não está vinculada ao Telegram não pode ser recuperada assim: peça aos administradores do site para redefinir sua senha.
member-reset-intro = Enviamos um link para escolher uma nova senha ao chat do Telegram vinculado à sua conta.
member-reset-send = Me envie um link no Telegram

## Mensagens que o site envia ao chat do membro (HTML do Telegram: mantenha as tags; as variáveis chegam escapadas)
member-chat-sign-in-link = Alguém pediu para entrar no <b>{ $site }</b> como <b>{ $username }</b> sem a senha. Se foi você, abra este link em até 10 minutos (ele funciona uma vez):
    { $url }

    Se não foi você, ignore esta mensagem: sem o link nada acontece.
member-chat-reset-link = Alguém pediu para redefinir a senha da sua conta <b>{ $username }</b> no <b>{ $site }</b>. Se foi você, abra este link em até 15 minutos para escolher uma nova (ele funciona uma vez):
    { $url }

    Se não foi você, ignore esta mensagem: sua senha continua a mesma.
member-chat-account-created = Conta criada ✓

    Esta conta do Telegram agora está vinculada à sua nova conta <b>{ $username }</b> no { $site }, e você está conectado naquele navegador. Envie /help para ver o que eu faço.

## Erros de formulário (accounts/domain.rs, signin/)
member-username-too-short = Escolha um nome de usuário com pelo menos 3 caracteres.
member-username-too-long = Um nome de usuário pode ter no máximo 32 caracteres.
member-username-characters = Use só letras (a–z), dígitos e _ . - no nome de usuário.
member-username-taken = Esse nome de usuário já está em uso. Escolha outro.
member-password-unusable = Esta senha não pode ser usada.
member-password-too-short = Use uma senha com pelo menos 10 caracteres.
member-password-too-long = Uma senha pode ter no máximo 1024 caracteres.
member-password-mismatch = As duas senhas não são iguais.
member-too-many-signups = Muitos cadastros a partir da sua rede. Espere 15 minutos e tente de novo.
member-login-wrong = Nome de usuário ou senha incorretos.
member-login-too-many = Muitas tentativas sem sucesso. Espere 15 minutos e tente de novo.
member-account-disabled = Esta conta está desativada. Fale com os administradores do site.

## O login do Telegram (OpenID Connect): como terminou (signin/oidc/routes.rs)
member-oidc-linked = Sua conta do Telegram está vinculada.
member-oidc-denied = Você cancelou o login no Telegram, então nada mudou.
member-oidc-provider-error = O Telegram não conseguiu concluir o login. Tente de novo em instantes.
member-oidc-unavailable = O serviço de login do Telegram não está acessível no momento. Tente de novo em instantes.
member-oidc-expired = Este login com o Telegram não começou neste navegador, levou mais de 10 minutos ou já foi usado. Comece de novo.
member-oidc-refused = Não foi possível verificar a resposta do Telegram, então nada aconteceu. Comece de novo.
member-oidc-unknown = Esta conta do Telegram não está vinculada a nenhuma conta daqui. Entre com sua senha e depois vincule o Telegram na página Conectar Telegram.
member-oidc-too-many = Muitos logins com o Telegram a partir da sua rede. Espere 15 minutos e tente de novo.
member-oidc-already-linked = Esta conta do Telegram já estava vinculada à sua conta.
member-oidc-taken = Esta conta do Telegram está vinculada a outra conta deste site. Desvincule por lá primeiro (ou envie /stop ao bot) e tente de novo.
member-oidc-account-has-link = Sua conta já está vinculada a uma conta do Telegram. Desvincule-a primeiro para vincular outra.

## O chat de testes (sandbox/chat.html, static/sandbox.js)
member-sandbox-title = Chat de testes
member-sandbox-sub = Telegram simulado
member-sandbox-intro = Faça o papel de um usuário do Telegram conversando com <strong>@{ $bot }</strong>. O que você faz aqui chega ao tglink exatamente como o Telegram enviaria.
member-sandbox-ask = Você abriu um link para <strong>@{ $bot }</strong>. Quem é você no Telegram? Escolha um usuário simulado ou crie um novo.
member-sandbox-chatting-as = Conversando como
member-sandbox-loading = Carregando…
member-sandbox-new-user = Novo usuário simulado
member-sandbox-first-name = Nome
member-sandbox-username = Nome de usuário no Telegram
member-sandbox-optional = (opcional)
member-sandbox-username-help = De 5 a 32 letras, dígitos ou _, por exemplo dana_k
member-sandbox-create-user = Criar usuário
member-sandbox-bot = bot
member-sandbox-menu = Menu do chat
member-sandbox-block = Bloquear o bot
member-sandbox-unblock = Desbloquear o bot
member-sandbox-messages = Mensagens
member-sandbox-empty = Nenhuma mensagem aqui ainda.
member-sandbox-start-help = Você abriu um link para @{ $bot }. Agora o Telegram mostraria um botão COMEÇAR: ele envia <code id="start-text"></code> ao bot.
member-sandbox-start = Começar
member-sandbox-message = Mensagem
member-sandbox-send = Enviar
member-sandbox-noscript = O chat de testes precisa de JavaScript. A API JSON em <code>/sandbox/api</code> funciona sem ele (veja o README).
member-sandbox-answered = O ambiente de testes respondeu { $status }.
member-sandbox-choose = Escolha quem você é…
member-sandbox-no-users = Nenhum usuário simulado ainda: crie um
member-sandbox-you-are = Agora você é { $name }, um novo usuário do Telegram.
member-sandbox-blocked-state = você bloqueou este bot
member-sandbox-create-first = Crie um usuário simulado para começar a conversar.
member-sandbox-from-bot = Bot:
member-sandbox-from-you = Você:
member-sandbox-edited = editada
member-sandbox-spoiler = Spoiler: selecione para revelar
member-sandbox-you-blocked = Você bloqueou o bot: ele não pode escrever para você.
member-sandbox-you-unblocked = Você desbloqueou o bot.
