# As palavras do bot (HTML do Telegram: mantenha as tags). Tratamento: «você», como o app do Telegram.

## Menu de comandos (setMyCommands)
cmd-start = Vincular esta conta do Telegram à sua conta do site
cmd-stop = Desvincular esta conta do Telegram
cmd-whoami = Ver a qual conta do site este chat está vinculado
cmd-settings = Escolher quais assuntos você recebe
cmd-language = Escolher o idioma do bot
cmd-help = O que este bot faz

## Vinculação
how-to-connect = Para vincular sua conta do Telegram, entre em { $place }, abra <b>Conectar Telegram</b> e toque em <b>Abrir no Telegram</b> (ou me envie a mensagem <code>/start …</code> mostrada lá).
fresh-link = Pegue um link novo em <b>Conectar Telegram</b> em { $place }.
confirm-prompt = Vincular esta conta do Telegram à conta <b>{ $username }</b> de { $site }?

    Só confirme se foi você mesmo que abriu este link no site.
button-confirm = Confirmar
button-cancel = Cancelar
sign-in-ended = Aquele acesso a { $site } foi encerrado. Troque sua senha agora{ $page } e encerre qualquer outra sessão que você não reconheça.
sign-in-ended-page = { " " }em { $url }/account/password
sign-in-already-ended = Aquela sessão já tinha terminado: não há mais nada a fazer.
linked-greeting = Vinculada ✓

    Esta conta do Telegram agora está vinculada à conta <b>{ $username }</b> de { $site }. Você vai receber as mensagens do site aqui. Envie /help para ver o que eu sei fazer.
cancelled = Cancelado. Nada foi vinculado; o link do site continua valendo se você mudar de ideia.
link-expired = Este link expirou. { $then }
link-used = Este link já foi usado. { $then }
link-superseded = Este link foi substituído por um mais novo. { $then }
link-unknown = Não reconheço este link. { $then }
link-already-linked = Esta conta do Telegram já está vinculada à conta <b>{ $username }</b> de { $site }. Nada a fazer.
link-taken-elsewhere-named = Esta conta do Telegram já está vinculada a outra conta de { $site } (<b>{ $username }</b>). Uma conta do Telegram só pode ser vinculada a uma conta do site: envie /stop para desvinculá-la e depois use o link de novo.
link-taken-elsewhere = Esta conta do Telegram já está vinculada a outra conta de { $site }. Uma conta do Telegram só pode ser vinculada a uma conta do site: envie /stop para desvinculá-la e depois use o link de novo.
link-account-has-link = A conta <b>{ $username }</b> de { $site } já está vinculada a outra conta do Telegram. Desvincule-a primeiro na página Conectar Telegram.
something-went-wrong = Algo deu errado do nosso lado. Tente de novo daqui a pouco.
not-a-link = Isso não parece um link de { $site }. { $then }

## Conversa
welcome-member = Oi, { $username }! Este chat está vinculado à sua conta de { $site }, então você vai receber as mensagens do site aqui. Envie /help para ver o que eu sei fazer.
welcome-stranger = Oi! Eu sou o bot de { $site }.

    { $how }
whoami-member = Você é <b>{ $username }</b> em { $site } ({ $role ->
        [admin] administrador
       *[member] membro
    }).
whoami-stranger = Ainda não conheço você: esta conta do Telegram não está vinculada a nenhuma conta de { $site }.

    { $how }
help-stranger = Eu sou o bot de { $site }. Depois que você vincular sua conta, trago para você os anúncios e as notificações do site.

    { $how }

    /whoami — ver se você está vinculado
    /language — escolher meu idioma
    /help — esta mensagem
help-member = Você está vinculado como <b>{ $username }</b>. Trago para você os anúncios e as notificações de { $site }.

    /whoami — a qual conta do site este chat pertence
    /settings — escolher quais assuntos você recebe
    /language — escolher meu idioma
    /stop — desvincular esta conta do Telegram
    /help — esta mensagem
help-admin-url = Como administrador, você envia comunicados a todos os membros vinculados pelo painel de administração ({ $url }/admin).
help-admin = Como administrador, você envia comunicados a todos os membros vinculados pelo painel de administração do site.
stopped = Desvinculada. Esta conta do Telegram não está mais vinculada à conta <b>{ $username }</b> de { $site }, e você não vai mais receber as mensagens do site aqui. Para vincular de novo, use Conectar Telegram no site.
stop-not-linked = Esta conta do Telegram não está vinculada a nenhuma conta de { $site }, então não há nada para parar.
not-understood-member = Não entendi. Eu conheço /whoami, /settings, /language, /stop e /help.
not-understood-stranger = Ainda não conheço você.

    { $how }
private-only = A vinculação só funciona em um chat privado. Abra um chat privado com @{ $bot } e envie /start lá.
private-only-nameless = A vinculação só funciona em um chat privado. Abra um chat privado e envie /start lá.
toast-linked = Vinculada ✓
toast-cancelled = Cancelado
toast-refused = Não vinculada
toast-stale = Este botão não está mais ativo.
toast-signed-out = Sessão encerrada

## /language
language-prompt = Escolha o idioma em que eu falo com você:
language-saved = Pronto: a partir de agora falo com você em português. O site também segue essa escolha.
language-saved-chat = Pronto: respondo esta mensagem em português. Este chat não está vinculado a uma conta, então não consigo guardar a escolha: até você vincular, sigo o idioma do seu Telegram.
toast-language = Português ✓

## Grupos e canais
group-page = Pegue um link novo em <b>Grupos e canais</b> na página Conectar Telegram de { $place }.
group-connected = Conectado ✓

    Este chat agora recebe os anúncios de { $site } (conectado pela conta <b>{ $username }</b>).
group-connected-forum = Para recebê-los em um só tópico, um administrador do grupo envia /here nesse tópico.
group-not-yours = Este link pertence a outra conta do Telegram: só o membro que o abriu em { $site } pode conectar um chat com ele.
group-not-linked = Primeiro vincule sua conta do Telegram em { $place } e depois conecte o grupo por lá.
group-already-connected = Este chat já está conectado a { $site }. Nada a fazer.
channel-connected = Conectado ✓

    O canal <b>{ $title }</b> agora recebe os anúncios de { $site }.
channel-needs-posting = Sou administrador do canal <b>{ $title }</b>, mas não posso publicar nele, então ele não está conectado. Nas configurações do canal, abra Administradores, me escolha e ative <b>Publicar mensagens</b>: eu conecto assim que puder.
chat-disconnected = <b>{ $title }</b> não está mais conectado a { $site }: fui removido de lá ou não posso mais publicar. Conecte de novo pela página Conectar Telegram.
here-topic = Pronto: a partir de agora os anúncios de { $site } chegam neste tópico.
here-general = Pronto: a partir de agora os anúncios de { $site } chegam no chat geral.
group-connect-not-admin = Só um administrador deste grupo pode conectá-lo. Peça para um deles tornar você administrador e abra o link de novo.
here-not-admin = Só um administrador deste grupo pode escolher onde os anúncios chegam.
here-not-connected = Este chat não está conectado a { $place }. Um membro o conecta pela página Conectar Telegram.

## Entrar com o Telegram
attempt-details = Navegador: { $browser }
    Endereço: { $address }
    Horário: { $time }
login-question = Entrar em { $place } como <b>{ $username }</b>?

    { $details }

    Só aprove se você estiver entrando nesse navegador agora. Se não, toque em Recusar: ninguém entra.
button-approve = Aprovar
button-deny = Recusar
button-create-account = Criar conta
login-signup-offer = Esta conta do Telegram ainda não está vinculada a nenhuma conta de { $site }.

    Criar com ela uma conta nova em { $place } e entrar?

    { $details }

    Em seguida você escolhe seu nome de usuário naquele navegador.
login-unlinked = Esta conta do Telegram não está vinculada a nenhuma conta de { $site }, então não pode fazer seu login, e neste site não é possível criar contas pelo Telegram. Entre em { $place } com sua senha e vincule o Telegram em <b>Conectar Telegram</b>: depois disso, entrar leva um toque aqui.
login-approved = Aprovado ✓

    Aquele navegador está entrando em { $site } como <b>{ $username }</b>.
login-denied = Recusado. Ninguém entrou.
login-continue = Continue no navegador: escolha lá seu nome de usuário para terminar de criar sua conta.
start-again = Comece de novo com <b>Entrar com o Telegram</b> em { $place }.
login-expired = Este link de acesso expirou. { $then }
login-used = Este link de acesso já foi usado. Cada um funciona uma vez só. { $then }
login-unknown = Não reconheço este link de acesso. { $then }
login-disabled = A conta <b>{ $username }</b> de { $site } está desativada e não pode entrar. Fale com os administradores do site.
login-too-many = Houve pedidos de acesso demais para sua conta nos últimos minutos. Espere 15 minutos e tente de novo.
login-stale = Este pedido de acesso expirou ou já foi respondido. { $then }
toast-approved = Aprovado ✓
toast-denied = Recusado
toast-continue = Continue no navegador

## Mensagens que o site envia
button-mute = 🔕 Silenciar { $topic }
button-unmute = 🔔 Reativar { $topic }
alert-new-sign-in = Novo acesso a <b>{ $site }</b> como <b>{ $username }</b> de { $browser } em { $at }.

    Se não foi você, toque no botão: essa sessão é encerrada na hora. Depois troque sua senha.
button-not-me = Não fui eu
notice-password-changed = A senha da sua conta <b>{ $username }</b> de { $site } foi alterada em { $at } a partir de { $browser }, e todas as outras sessões foram encerradas. Se não foi você, redefina sua senha e avise os administradores do site.

## /settings: os assuntos como chaves liga/desliga, e os avisos ao tocar em um deles ou no botão Silenciar
settings-no-topics = { $site } não tem assuntos para escolher: você recebe todos os avisos.
settings-heading = <b>O que { $site } envia para você</b>
    Toque em um assunto para ligá-lo ou desligá-lo.
settings-always-sent = Sempre enviados: { $topics }.
toast-topic-on = { $topic }: ligado
toast-topic-off = { $topic }: desligado
toast-topic-muted = { $topic } silenciado. Use /settings para mudar.
toast-topic-unmuted = { $topic } está ligado de novo.
