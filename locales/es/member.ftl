# member
# Las páginas del miembro: inicio, registro, Conectar, enlaces de inicio de sesión, inicio con Telegram, el widget, páginas de error, /account/*, el entorno de pruebas. Claves con member-.
# Registro: «tú», como el resto del sitio. Un mensaje con marcas (<strong>, <code>) se muestra tal cual: conserva las etiquetas. Sus variables llegan ya escapadas.

## Inicio (home.html)
member-home-title = Bienvenida
member-home-hello = Hola, { $username }
member-home-linked = Los mensajes de este sitio te llegan a Telegram como <strong>{ $telegram }</strong>.
member-home-choose-topics = Elegir temas y horas de silencio
member-home-connect-lead = Recibe las notificaciones de este sitio en Telegram: conecta tu cuenta en unos segundos.
member-home-heading = Tus notificaciones, en Telegram
member-home-lead = Crea una cuenta, toca un enlace, confirma en Telegram, y este sitio podrá encontrarte donde ya estás.
member-home-how = Cómo funciona
member-home-step-signup = <strong>Regístrate</strong> con un nombre de usuario y una contraseña.
member-home-step-connect = <strong>Abre Conectar Telegram</strong> y toca el botón, o escanea el código QR con tu teléfono.
member-home-step-confirm = <strong>Confirma en el bot</strong>. Listo: los anuncios llegan como mensajes de Telegram.

## Registro y contraseñas (signup.html, telegram_signup.html, account/_new_password.html)
member-signup-heading = Crea tu cuenta
member-username-help = De 3 a 32 letras, dígitos, _ . o -
member-password-confirm = Confirma la contraseña
member-password-help = Al menos 10 caracteres. Unas cuantas palabras que recuerdes funcionan bien.
member-create-account = Crear cuenta
member-signup-have-account = ¿Ya tienes una cuenta?
member-telegram-signup-intro = Tu nueva cuenta de { $site } quedará vinculada a la cuenta de Telegram <strong>{ $telegram }</strong> e iniciarás sesión con Telegram. Elige tu nombre de usuario:
member-telegram-signup-no-password = No hace falta contraseña; puedes crear una más adelante con <strong>¿Olvidaste tu contraseña?</strong> (el enlace llega a este chat de Telegram).

## Conectar Telegram (connect.html, connect_unlink.html)
member-connect-unlinked = Tu cuenta de Telegram se desvinculó. Ya no recibirás mensajes de { $site } en Telegram.
member-connected-to = Conectada a <strong>{ $name }</strong>
member-connect-sends = { $site } envía anuncios y notificaciones a esta cuenta de Telegram. En el chat, envía <code>/whoami</code> para comprobarlo o <code>/stop</code> para desvincularla desde allí.
member-connect-sends-since = { $site } envía anuncios y notificaciones a esta cuenta de Telegram (vinculada el { $since }). En el chat, envía <code>/whoami</code> para comprobarlo o <code>/stop</code> para desvincularla desde allí.
member-connect-next = Siguiente paso: hazlo a tu medida
member-connect-next-topics = Elige tus temas
member-connect-next-topics-hint = solo lo que te interesa
member-connect-next-quiet = Configura las horas de silencio
member-connect-next-quiet-hint = sin sonido por la noche
member-connect-unlink-button = Desvincular Telegram…
member-connect-not-configured = El bot de Telegram todavía no está configurado en este sitio. Pide al administrador del sitio que configure <code>TELEGRAM_BOT_TOKEN</code>.
member-connect-lead = Recibe los anuncios y las notificaciones de { $site } en Telegram: vincula tu cuenta de Telegram en dos toques.
member-open-in-telegram = Abrir en Telegram
member-connect-opens-chat = Telegram abre un chat con <strong>@{ $bot }</strong>: toca <strong>Iniciar</strong> y luego <strong>Confirmar</strong>.
member-connect-waiting = Esperando a que confirmes en Telegram… esta página se actualiza sola.
member-connect-fallback = ¿Se abrió el chat sin pedirte vincular?
member-start-help = Telegram Desktop a veces pierde el enlace. Envía este mensaje a { $bot }:
member-copy = Copiar
member-copied-short = Copiado
member-copied = Copiado al portapapeles. Pégalo en el chat con el bot.
member-copy-selected = Seleccionado: pulsa Ctrl+C (o ⌘C) para copiarlo.
member-qr-heading = ¿En una computadora? Escanéalo con tu teléfono
member-qr-alt = Código QR del enlace Abrir en Telegram. Escanéalo con la cámara de tu teléfono para abrir @{ $bot }.
member-qr-hint = Apunta la cámara de tu teléfono al código para abrir el bot allí.
member-connect-valid-for = Este enlace funciona durante { $duration }, una sola vez y solo para tu cuenta. Si recargas la página, verás el mismo enlace.
member-duration-less-than-minute = menos de un minuto
member-duration-minutes = { $minutes ->
        [one] { $minutes } minuto más
       *[other] { $minutes } minutos más
    }
member-duration-hours = { $hours ->
        [one] aproximadamente { $hours } hora más
       *[other] aproximadamente { $hours } horas más
    }
member-connect-webhook-refused = La vinculación está en pausa: Telegram todavía no entrega mensajes al bot de este sitio porque rechazó la dirección del sitio. El operador del sitio puede ver el motivo en el registro. Esta página se actualiza sola cuando se resuelva.
member-connect-unreachable = Ahora mismo no podemos comunicarnos con Telegram, así que la vinculación está en pausa. Seguimos intentándolo; esta página se actualiza sola cuando el bot vuelva.
member-connect-starting = El bot de Telegram se está iniciando. Esta página se actualiza sola en un momento.
member-groups-heading = Grupos y canales
member-groups-disconnected = Desconectado. Las difusiones ya no llegan allí; el bot sigue en el chat hasta que lo quites.
member-groups-intro = Publica los anuncios de { $site } en un grupo o canal de Telegram del que formes parte. Telegram te pregunta qué chat; en un canal, permite que el bot pueda <strong>Publicar mensajes</strong>. En un grupo con temas, un administrador envía <code>/here</code> en el tema al que deben llegar los anuncios.
member-groups-add-group = Añadir a un grupo
member-groups-add-channel = Añadir a un canal
member-groups-link-again = Vuelve a vincular tu cuenta de Telegram para conectar más.
member-groups-none = Todavía no hay grupos ni canales conectados.
member-groups-chat-facts = { $kind ->
        [channel] canal
        [supergroup] supergrupo
       *[group] grupo
    }{ $topic ->
        [yes] , en un tema
       *[no] {""}
    }, desde el { $since }
member-groups-disconnect = Desconectar
member-connect-oidc-heading = O vincula con el inicio de sesión de Telegram
member-connect-oidc-text = Telegram te pide que permitas a { $site } conocer tu cuenta y escribirte; en cuanto lo permitas, tu cuenta queda vinculada, sin pasar por el chat.
member-connect-oidc-button = Vincular con el inicio de sesión de Telegram
member-unlink-title = ¿Desvincular Telegram?
member-unlink-text = { $site } dejará de enviar anuncios y notificaciones a <strong>{ $telegram }</strong>, y se descartarán los mensajes que esperan para salir. Puedes volver a vincularla cuando quieras.
member-unlink-confirm = Desvincular { $telegram }
member-unlink-keep = Mantenerla vinculada

## Enlaces de inicio de sesión de un solo uso (signin_link.html)
member-link-sent-heading = Revisa Telegram
member-link-sent-text = Si <strong>{ $username }</strong> tiene una cuenta de Telegram vinculada, un enlace de inicio de sesión va en camino a ese chat. Funciona una sola vez, durante 10 minutos.
member-back-to-login = Volver a iniciar sesión
member-link-confirm = ¿Iniciar sesión como { $username }?
member-link-confirm-button = Iniciar sesión como { $username }
member-link-broken-heading = Este enlace no funciona
member-link-broken-text = Ya se usó o caducó. Pide uno nuevo desde la página de inicio de sesión.

## Iniciar sesión con Telegram (telegram_login.html)
member-tglogin-lead = Abre el enlace en Telegram y toca <strong>Aprobar</strong> en el chat con <strong>@{ $bot }</strong>. Esta página inicia tu sesión sola.
member-tglogin-waiting = Esperando a que apruebes en Telegram… esta página se actualiza sola.
member-tglogin-fallback = ¿Se abrió el chat sin preguntarte nada?
member-tglogin-terms = Este enlace funciona una sola vez, durante 5 minutos, y solo inicia sesión en este navegador. Tu cuenta de Telegram debe estar vinculada a tu cuenta de { $site }{ $signup ->
        [on] , o puedes crear una cuenta nueva desde Telegram
       *[off] {""}
    }.
member-tglogin-bot-unreachable = Ahora mismo no se puede contactar con el bot de Telegram. Inténtalo de nuevo en un momento o inicia sesión con tu contraseña.
member-tglogin-approved = Aprobado en Telegram. Iniciando tu sesión…
member-tglogin-denied = El inicio de sesión se rechazó en Telegram. No se inició ninguna sesión.
member-tglogin-expired = El enlace de inicio de sesión caducó antes de que lo aprobaras. Empieza de nuevo para conseguir uno nuevo.
member-tglogin-unlinked = Esa cuenta de Telegram no está vinculada a ninguna cuenta de { $site }{ $signup ->
        [on] {""}
       *[off] , y aquí no se pueden crear cuentas desde Telegram
    }. Inicia sesión con tu contraseña y luego vincula Telegram en <strong>Conectar Telegram</strong>.
member-tglogin-refused = Esta cuenta no puede iniciar sesión. Puede que esté desactivada: consulta a los administradores del sitio.
member-tglogin-used = Este enlace de inicio de sesión ya se usó. Empieza de nuevo para conseguir uno nuevo.
member-tglogin-throttled = Demasiados intentos de inicio de sesión desde tu red. Espera 15 minutos y vuelve a intentarlo.
member-tglogin-unavailable = Iniciar sesión con Telegram no está disponible ahora mismo: el bot de Telegram del sitio no está listo. Inicia sesión con tu contraseña o vuelve a intentarlo en un momento.
member-try-again = Intentar de nuevo
member-tglogin-password-instead = Iniciar sesión con contraseña

## El widget de Conectar (widget.html, linking/widget.rs)
member-widget-linked = { $site } envía tus notificaciones a esta cuenta de Telegram. En el chat, envía <code>/stop</code> para desvincularla.
member-widget-not-configured = El bot de Telegram todavía no está configurado.
member-widget-lead = Recibe las notificaciones de { $site } en Telegram.
member-widget-send-this = O envía este mensaje
member-widget-start-help = Si el chat se abre sin pedirte vincular, envía esto a { $bot }:
member-widget-scan = O escanéalo con tu teléfono
member-widget-waiting = Esperando a que confirmes en Telegram… esto se actualiza solo.
member-widget-starting = El bot de Telegram se está iniciando o no responde. Esto se actualiza solo.
member-widget-disabled = El widget de Conectar no está activado en este tglink.
member-widget-expired = Este enlace de Conectar caducó. Recarga la página en la que está para conseguir uno nuevo.
member-widget-invalid = Este enlace de Conectar no es válido. Recarga la página en la que está; si sigue igual, avisa al sitio.

## Páginas de error (error.html, web/mod.rs, accounts/auth.rs, accounts/csrf.rs)
member-error-back = Volver a la página de inicio
member-error-not-found = No encontrado
member-error-busy = Demasiado trabajo ahora mismo
member-error-busy-text = El sitio tiene mucho que hacer en este momento. Vuelve a intentarlo en unos segundos.
member-error-unexpected = Algo salió mal
member-error-unexpected-text = Algo falló de nuestro lado. Inténtalo de nuevo en un momento.
member-error-account-text = No pudimos cargar tu cuenta. Inténtalo de nuevo en un momento.
member-error-no-page = Página no encontrada
member-error-no-page-text = No hay nada en esta dirección. Revisa el enlace o empieza de nuevo desde la página de inicio.
member-error-admins-only = Solo para administradores
member-error-admins-only-text = Esta página es para los administradores del sitio.
member-error-form-expired = Este formulario caducó
member-error-form-expired-text = Por tu seguridad no lo procesamos. Vuelve atrás, recarga la página e inténtalo de nuevo.
member-error-oidc-off = El inicio de sesión con Telegram no está configurado en este sitio.

## /account/password y las sesiones (account/password.html, account/sessions.html)
member-back-to-account = Volver a tu cuenta
member-password-intro = Cuando cambia la contraseña, se cierra la sesión en todos los demás navegadores que usan tu cuenta.
member-password-current = Contraseña actual
member-password-new = Nueva contraseña
member-password-new-confirm = Confirma la nueva contraseña
member-password-wrong = Esa no es tu contraseña actual.
member-password-too-many = Demasiadas contraseñas incorrectas. Espera 15 minutos y vuelve a intentarlo.
member-password-changed-notice = La contraseña de tu cuenta <b>{ $username }</b> de { $site } se cambió el { $at } desde { $browser }, y se cerraron todas las demás sesiones. Si no fuiste tú, restablece tu contraseña y avisa a los administradores del sitio.
member-sessions-intro = Navegadores con tu cuenta abierta. Cierra la sesión en los que no reconozcas y luego cambia tu contraseña.
member-sessions-this-device = Este dispositivo
member-sessions-signed-in = Sesión iniciada el { $at }
member-sessions-signed-in-unknown = Sesión iniciada: —
member-sessions-from = desde { $address }
member-sessions-last-seen = última actividad el { $at }
member-sessions-last-seen-recent = última actividad en la última hora
member-sessions-sign-out = Cerrar sesión
member-sessions-sign-out-label = Cerrar la sesión de { $browser }
member-sessions-sign-out-this = Cerrar la sesión de { $browser } (este dispositivo)
member-sessions-unlisted = Algunas sesiones antiguas no se pueden mostrar una por una; «Cerrar sesión en todos los demás» también las cierra.
member-sessions-end-others = Cerrar sesión en todos los demás
member-unknown-browser = Navegador desconocido

## /account/notifications (account/notifications.html, notifications.rs)
member-notif-no-topics = Este sitio envía todo a todos los vinculados: todavía no tiene temas entre los que elegir.
member-notif-intro = Elige qué te envía este sitio en Telegram. También puedes cambiarlo en el chat con el bot: envía <code>/settings</code>.
member-notif-topics = Temas
member-notif-critical = Importante: siempre se envía.
member-notif-quiet = Horas de silencio
member-notif-quiet-about = Los mensajes que llegan en tus horas de silencio llegan sin sonido. Los importantes siguen sonando.
member-notif-quiet-on = Silenciar los mensajes por la noche
member-notif-from = Desde
member-notif-until = Hasta
member-notif-zone = Tu zona horaria
member-notif-zone-choose = Elige…
member-notif-zone-hint = Las horas de las páginas de este sitio también se muestran en ella.
member-notif-saved = Se guardaron tus ajustes de notificaciones.
member-notif-quiet-saved = Se guardaron tus horas de silencio.
member-notif-time-error = { $field }: { $problem }
member-notif-time-invalid = Escribe una hora como 22:00.
member-notif-same-times = Las horas de silencio necesitan un inicio y un final distintos.
member-notif-zone-invalid = Elige tu zona horaria de la lista.

## Eliminar la cuenta (account/delete.html)
member-delete-done = Tu cuenta se eliminó
member-delete-done-text = Tus sesiones se cerraron, tu chat de Telegram se desvinculó y tu nombre y tu contraseña se borraron. Gracias por haber estado con nosotros.
member-home-link = Inicio
member-delete-last-admin = Eres el último administrador del sitio. Primero haz administrador a otro miembro y luego vuelve.
member-delete-intro = Esto cierra tu sesión en todas partes, desvincula tu chat de Telegram y borra tu nombre y tu contraseña. No se puede deshacer.
member-delete-password = Tu contraseña, para confirmar
member-delete-button = Eliminar mi cuenta

## Restablecer la contraseña (account/reset.html, account/reset_request.html)
member-reset-heading = Elige una nueva contraseña
member-reset-invalid = Este enlace ya no funciona
member-reset-invalid-text = Los enlaces para restablecer la contraseña funcionan durante 15 minutos, una sola vez, y solo el último enviado.
member-reset-new-link = Enviar un enlace nuevo
member-reset-for = Para la cuenta <strong>{ $username }</strong>. Se cerrará la sesión en todos los navegadores que la usan.
member-reset-set = Guardar la nueva contraseña
member-reset-sent = Solicitud recibida. Si la cuenta que indicaste está vinculada a Telegram, su chat con nuestro bot ya tiene un enlace para elegir una nueva contraseña. El enlace funciona durante 15 minutos, una sola vez.
member-reset-no-message = ¿No llegó ningún mensaje? Una cuenta que no está vinculada a Telegram no se puede recuperar así: pide a los administradores del sitio que restablezcan tu contraseña.
member-reset-intro = Enviamos un enlace para elegir una nueva contraseña al chat de Telegram vinculado a tu cuenta.
member-reset-send = Envíame un enlace en Telegram

## Mensajes que el sitio envía al chat del miembro (HTML de Telegram: conserva las etiquetas; las variables llegan escapadas)
member-chat-sign-in-link = Alguien pidió iniciar sesión en <b>{ $site }</b> como <b>{ $username }</b> sin la contraseña. Si fuiste tú, abre este enlace en los próximos 10 minutos (funciona una sola vez):
    { $url }

    Si no fuiste tú, ignora este mensaje: sin el enlace no pasa nada.
member-chat-reset-link = Alguien pidió restablecer la contraseña de tu cuenta <b>{ $username }</b> de <b>{ $site }</b>. Si fuiste tú, abre este enlace en los próximos 15 minutos para elegir una nueva (funciona una sola vez):
    { $url }

    Si no fuiste tú, ignora este mensaje: tu contraseña sigue igual.
member-chat-account-created = Cuenta creada ✓

    Esta cuenta de Telegram ya está vinculada a tu nueva cuenta <b>{ $username }</b> de { $site }, y tu sesión está iniciada en ese navegador. Envía /help para ver qué puedo hacer.

## Errores de formulario (accounts/domain.rs, signin/)
member-username-too-short = Elige un nombre de usuario de al menos 3 caracteres.
member-username-too-long = Un nombre de usuario puede tener como máximo 32 caracteres.
member-username-characters = Usa solo letras (a–z), dígitos y _ . - en el nombre de usuario.
member-username-taken = Ese nombre de usuario ya está en uso. Elige otro.
member-password-unusable = Esta contraseña no se puede usar.
member-password-too-short = Usa una contraseña de al menos 10 caracteres.
member-password-too-long = Una contraseña puede tener como máximo 1024 caracteres.
member-password-mismatch = Las dos contraseñas no coinciden.
member-too-many-signups = Demasiados registros desde tu red. Espera 15 minutos y vuelve a intentarlo.
member-login-wrong = Nombre de usuario o contraseña incorrectos.
member-login-too-many = Demasiados intentos fallidos. Espera 15 minutos y vuelve a intentarlo.
member-account-disabled = Esta cuenta está desactivada. Consulta a los administradores del sitio.

## El inicio de sesión de Telegram (OpenID Connect): cómo terminó (signin/oidc/routes.rs)
member-oidc-linked = Tu cuenta de Telegram está vinculada.
member-oidc-denied = Cancelaste el inicio de sesión en Telegram, así que no cambió nada.
member-oidc-provider-error = Telegram no pudo completar el inicio de sesión. Inténtalo de nuevo en un momento.
member-oidc-unavailable = Ahora mismo no se puede contactar con el servicio de inicio de sesión de Telegram. Inténtalo de nuevo en un momento.
member-oidc-expired = Este inicio de sesión con Telegram no empezó en este navegador, tardó más de 10 minutos o ya se usó. Empieza de nuevo.
member-oidc-refused = No se pudo verificar la respuesta de Telegram, así que no pasó nada. Empieza de nuevo.
member-oidc-unknown = Esta cuenta de Telegram no está vinculada a ninguna cuenta de aquí. Inicia sesión con tu contraseña y luego vincula Telegram en la página Conectar Telegram.
member-oidc-too-many = Demasiados inicios de sesión con Telegram desde tu red. Espera 15 minutos y vuelve a intentarlo.
member-oidc-already-linked = Esta cuenta de Telegram ya estaba vinculada a tu cuenta.
member-oidc-taken = Esta cuenta de Telegram está vinculada a otra cuenta de este sitio. Desvincúlala allí primero (o envía /stop al bot) y vuelve a intentarlo.
member-oidc-account-has-link = Tu cuenta ya está vinculada a una cuenta de Telegram. Desvincúlala primero para vincular otra.

## El chat de pruebas (sandbox/chat.html, static/sandbox.js)
member-sandbox-title = Chat de pruebas
member-sandbox-sub = Telegram simulado
member-sandbox-intro = Haz de usuario de Telegram que habla con <strong>@{ $bot }</strong>. Lo que hagas aquí llega a tglink exactamente como lo enviaría Telegram.
member-sandbox-ask = Abriste un enlace a <strong>@{ $bot }</strong>. ¿Quién eres en Telegram? Elige un usuario simulado o crea uno nuevo.
member-sandbox-chatting-as = Chateando como
member-sandbox-loading = Cargando…
member-sandbox-new-user = Nuevo usuario simulado
member-sandbox-first-name = Nombre
member-sandbox-username = Nombre de usuario de Telegram
member-sandbox-optional = (opcional)
member-sandbox-username-help = De 5 a 32 letras, dígitos o _, p. ej., dana_k
member-sandbox-create-user = Crear usuario
member-sandbox-bot = bot
member-sandbox-menu = Menú del chat
member-sandbox-block = Bloquear bot
member-sandbox-unblock = Desbloquear bot
member-sandbox-messages = Mensajes
member-sandbox-empty = Todavía no hay mensajes.
member-sandbox-start-help = Abriste un enlace a @{ $bot }. Ahora Telegram mostraría un botón INICIAR: envía <code id="start-text"></code> al bot.
member-sandbox-start = Iniciar
member-sandbox-message = Mensaje
member-sandbox-send = Enviar
member-sandbox-noscript = El chat de pruebas necesita JavaScript. La API JSON en <code>/sandbox/api</code> funciona sin él (consulta el README).
member-sandbox-answered = El entorno de pruebas respondió { $status }.
member-sandbox-choose = Elige quién eres…
member-sandbox-no-users = Todavía no hay usuarios simulados: crea uno
member-sandbox-you-are = Ahora eres { $name }, un nuevo usuario de Telegram.
member-sandbox-blocked-state = bloqueaste este bot
member-sandbox-create-first = Crea un usuario simulado para empezar a chatear.
member-sandbox-from-bot = Bot:
member-sandbox-from-you = Tú:
member-sandbox-edited = editado
member-sandbox-spoiler = Spoiler: selecciona para mostrarlo
member-sandbox-you-blocked = Bloqueaste el bot: no puede escribirte.
member-sandbox-you-unblocked = Desbloqueaste el bot.
