# Las palabras del bot (HTML de Telegram: conserva las etiquetas). Registro: «tú», como la app de Telegram.

## Menú de comandos (setMyCommands)
cmd-start = Vincular esta cuenta de Telegram a tu cuenta del sitio
cmd-stop = Desvincular esta cuenta de Telegram
cmd-whoami = Ver a qué cuenta del sitio está vinculado este chat
cmd-settings = Elegir qué temas recibes
cmd-language = Elegir el idioma del bot
cmd-help = Qué puede hacer este bot

## Vinculación
how-to-connect = Para vincular tu cuenta de Telegram, inicia sesión en { $place }, abre <b>Conectar Telegram</b> y toca <b>Abrir en Telegram</b> (o envíame el mensaje <code>/start …</code> que aparece allí).
fresh-link = Consigue un enlace nuevo en <b>Conectar Telegram</b> de { $place }.
confirm-prompt = ¿Vincular esta cuenta de Telegram a la cuenta <b>{ $username }</b> de { $site }?

    Confirma solo si abriste este enlace tú mismo desde el sitio.
button-confirm = Confirmar
button-cancel = Cancelar
sign-in-ended = Se cerró ese inicio de sesión en { $site }. Cambia tu contraseña ahora{ $page } y cierra cualquier otra sesión que no reconozcas.
sign-in-ended-page = { " " }en { $url }/account/password
sign-in-already-ended = Esa sesión ya había terminado: no hay nada más que hacer.
linked-greeting = Vinculada ✓

    Esta cuenta de Telegram ya está vinculada a la cuenta <b>{ $username }</b> de { $site }. Aquí recibirás los mensajes del sitio. Envía /help para ver qué puedo hacer.
cancelled = Cancelado. No se vinculó nada; el enlace del sitio sigue funcionando si cambias de idea.
link-expired = Este enlace caducó. { $then }
link-used = Este enlace ya se usó. { $then }
link-superseded = Este enlace fue reemplazado por uno más reciente. { $then }
link-unknown = No reconozco este enlace. { $then }
link-already-linked = Esta cuenta de Telegram ya está vinculada a la cuenta <b>{ $username }</b> de { $site }. No hay nada que hacer.
link-taken-elsewhere-named = Esta cuenta de Telegram ya está vinculada a otra cuenta de { $site } (<b>{ $username }</b>). Una cuenta de Telegram solo puede vincularse a una cuenta del sitio: envía /stop para desvincularla y vuelve a usar el enlace.
link-taken-elsewhere = Esta cuenta de Telegram ya está vinculada a otra cuenta de { $site }. Una cuenta de Telegram solo puede vincularse a una cuenta del sitio: envía /stop para desvincularla y vuelve a usar el enlace.
link-account-has-link = La cuenta <b>{ $username }</b> de { $site } ya está vinculada a otra cuenta de Telegram. Desvincúlala primero en la página Conectar Telegram.
something-went-wrong = Algo falló de nuestro lado. Inténtalo de nuevo en un momento.
not-a-link = Eso no parece un enlace de { $site }. { $then }

## Conversación
welcome-member = ¡Hola, { $username }! Este chat está vinculado a tu cuenta de { $site }, así que aquí recibirás los mensajes del sitio. Envía /help para ver qué puedo hacer.
welcome-stranger = ¡Hola! Soy el bot de { $site }.

    { $how }
whoami-member = Eres <b>{ $username }</b> en { $site } ({ $role ->
        [admin] administrador
       *[member] miembro
    }).
whoami-stranger = Todavía no te conozco: esta cuenta de Telegram no está vinculada a ninguna cuenta de { $site }.

    { $how }
help-stranger = Soy el bot de { $site }. Cuando vincules tu cuenta, te traeré los anuncios y las notificaciones del sitio.

    { $how }

    /whoami — comprobar si estás vinculado
    /language — elegir mi idioma
    /help — este mensaje
help-member = Estás vinculado como <b>{ $username }</b>. Te traigo los anuncios y las notificaciones de { $site }.

    /whoami — a qué cuenta del sitio pertenece este chat
    /settings — elegir qué temas recibes
    /language — elegir mi idioma
    /stop — desvincular esta cuenta de Telegram
    /help — este mensaje
help-admin-url = Como administrador, envías difusiones a todos los miembros vinculados desde el panel de administración ({ $url }/admin).
help-admin = Como administrador, envías difusiones a todos los miembros vinculados desde el panel de administración del sitio.
stopped = Desvinculada. Esta cuenta de Telegram ya no está vinculada a la cuenta <b>{ $username }</b> de { $site } y aquí ya no recibirás los mensajes del sitio. Para volver a vincularla, usa Conectar Telegram en el sitio.
stop-not-linked = Esta cuenta de Telegram no está vinculada a ninguna cuenta de { $site }, así que no hay nada que detener.
not-understood-member = No entendí eso. Conozco /whoami, /settings, /language, /stop y /help.
not-understood-stranger = Todavía no te conozco.

    { $how }
private-only = La vinculación solo funciona en un chat privado. Abre un chat privado con @{ $bot } y envía /start allí.
private-only-nameless = La vinculación solo funciona en un chat privado. Abre un chat privado y envía /start allí.
toast-linked = Vinculada ✓
toast-cancelled = Cancelado
toast-refused = No vinculada
toast-stale = Este botón ya no está activo.
toast-signed-out = Sesión cerrada

## /language
language-prompt = Elige el idioma en el que te hablo:
language-saved = Listo: desde ahora te hablo en español. El sitio también sigue esta elección.
language-saved-chat = Listo: respondo este mensaje en español. Este chat no está vinculado a ninguna cuenta, así que no puedo guardar la elección: hasta que lo vincules, sigo el idioma de tu Telegram.
toast-language = Español ✓

## Grupos y canales
group-page = Consigue un enlace nuevo en <b>Grupos y canales</b> de la página Conectar Telegram de { $place }.
group-connected = Conectado ✓

    Este chat ahora recibe los anuncios de { $site } (lo conectó la cuenta <b>{ $username }</b>).
group-connected-forum = Para recibirlos en un solo tema, un administrador del grupo envía /here en ese tema.
group-not-yours = Este enlace pertenece a otra cuenta de Telegram: solo el miembro que lo abrió en { $site } puede conectar un chat con él.
group-not-linked = Primero vincula tu cuenta de Telegram en { $place } y luego conecta el grupo desde allí.
group-already-connected = Este chat ya está conectado a { $site }. No hay nada que hacer.
channel-connected = Conectado ✓

    El canal <b>{ $title }</b> ahora recibe los anuncios de { $site }.
channel-needs-posting = Soy administrador del canal <b>{ $title }</b>, pero no puedo publicar en él, así que no está conectado. En los ajustes del canal abre Administradores, elígeme y activa <b>Publicar mensajes</b>: lo conecto en cuanto pueda.
chat-disconnected = <b>{ $title }</b> ya no está conectado a { $site }: me quitaron de él o ya no puedo publicar allí. Vuelve a conectarlo desde la página Conectar Telegram.
here-topic = Listo: desde ahora los anuncios de { $site } llegan a este tema.
here-general = Listo: desde ahora los anuncios de { $site } llegan al chat general.
group-connect-not-admin = Solo un administrador de este grupo puede conectarlo. Pide a uno que te haga administrador y vuelve a abrir el enlace.
here-not-admin = Solo un administrador de este grupo puede elegir adónde llegan los anuncios.
here-not-connected = Este chat no está conectado a { $place }. Un miembro lo conecta desde la página Conectar Telegram.

## Iniciar sesión con Telegram
attempt-details = Navegador: { $browser }
    Dirección: { $address }
    Hora: { $time }
login-question = ¿Iniciar sesión en { $place } como <b>{ $username }</b>?

    { $details }

    Aprueba solo si estás iniciando sesión en ese navegador ahora mismo. Si no, toca Rechazar: nadie entra.
button-approve = Aprobar
button-deny = Rechazar
button-create-account = Crear cuenta
login-signup-offer = Esta cuenta de Telegram todavía no está vinculada a ninguna cuenta de { $site }.

    ¿Crear con ella una cuenta nueva en { $place } e iniciar sesión?

    { $details }

    A continuación eliges tu nombre de usuario en ese navegador.
login-unlinked = Esta cuenta de Telegram no está vinculada a ninguna cuenta de { $site }, así que no puede iniciar tu sesión, y en este sitio no se pueden crear cuentas desde Telegram. Inicia sesión en { $place } con tu contraseña y vincula Telegram desde <b>Conectar Telegram</b>: después, iniciar sesión será un solo toque aquí.
login-approved = Aprobado ✓

    Ese navegador está iniciando sesión en { $site } como <b>{ $username }</b>.
login-denied = Rechazado. No se inició ninguna sesión.
login-continue = Continúa en el navegador: elige allí tu nombre de usuario para terminar de crear tu cuenta.
start-again = Empieza de nuevo con <b>Iniciar sesión con Telegram</b> en { $place }.
login-expired = Este enlace de inicio de sesión caducó. { $then }
login-used = Este enlace de inicio de sesión ya se usó. Cada uno funciona una sola vez. { $then }
login-unknown = No reconozco este enlace de inicio de sesión. { $then }
login-disabled = La cuenta <b>{ $username }</b> de { $site } está desactivada y no puede iniciar sesión. Consulta a los administradores del sitio.
login-too-many = Hubo demasiadas solicitudes de inicio de sesión para tu cuenta últimamente. Espera 15 minutos y vuelve a intentarlo.
login-stale = Esta solicitud de inicio de sesión caducó o ya fue respondida. { $then }
toast-approved = Aprobado ✓
toast-denied = Rechazado
toast-continue = Continúa en el navegador

## Mensajes que envía el sitio
button-mute = 🔕 Silenciar { $topic }
button-unmute = 🔔 Activar { $topic }
alert-new-sign-in = Nuevo inicio de sesión en <b>{ $site }</b> como <b>{ $username }</b> desde { $browser } el { $at }.

    Si no fuiste tú, pulsa el botón: esa sesión se cierra al instante. Después cambia tu contraseña.
button-not-me = No fui yo
notice-password-changed = La contraseña de tu cuenta <b>{ $username }</b> de { $site } se cambió el { $at } desde { $browser }, y se cerraron todas las demás sesiones. Si no fuiste tú, restablece tu contraseña y avisa a los administradores del sitio.

## /settings: los temas como interruptores, y los avisos al tocar uno o el botón Silenciar
settings-no-topics = { $site } no tiene temas para elegir: recibes todos sus anuncios.
settings-heading = <b>Qué te envía { $site }</b>
    Toca un tema para activarlo o desactivarlo.
settings-always-sent = Siempre se envían: { $topics }.
toast-topic-on = { $topic }: activado
toast-topic-off = { $topic }: desactivado
toast-topic-muted = { $topic } silenciado. Cámbialo con /settings.
toast-topic-unmuted = { $topic } vuelve a estar activado.
