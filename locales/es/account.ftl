# La cuenta del miembro.

## /account
account-title = Tu cuenta
account-username = Nombre de usuario
account-linked-to = Vinculada a { $name }
account-manage = Gestionar
account-not-linked = Sin vincular
account-alerts-label = Avisarme en Telegram cuando se inicie sesión en mi cuenta desde un navegador nuevo
account-language-label = Idioma
account-language-browser = El de mi navegador
account-language-hint = El sitio y el bot te hablan en este idioma.
account-language-unknown = Elige uno de los idiomas de la lista.
account-notifications = Notificaciones
account-notifications-hint = lo que este sitio te envía
account-change-password = Cambiar contraseña
account-sessions = Sesiones
account-sessions-count = { $count ->
        [one] { $count } sesión iniciada
       *[other] { $count } sesiones iniciadas
    }
account-delete = Eliminar tu cuenta
account-done-password = Tu contraseña se cambió. Se cerraron todas las demás sesiones.
account-done-sessions = Se cerraron todas las demás sesiones.
account-done-reset = Tu nueva contraseña está lista y se cerraron todas las demás sesiones.
account-done-alerts = Se guardó tu ajuste de avisos de inicio de sesión.
account-done-language = Se guardó tu idioma. El bot también lo usa.

## /login
login-title = Iniciar sesión
login-password = Contraseña
login-forgot = ¿Olvidaste tu contraseña?
login-locked-offer = ¿Tu cuenta está vinculada a Telegram? Podemos enviarte a ese chat un enlace de inicio de sesión de un solo uso.
login-send-link = Envíame un enlace de inicio de sesión en Telegram
login-or-telegram = O usa Telegram
login-with-telegram = Iniciar sesión con Telegram
login-with-telegram-help = Aprueba el inicio de sesión en nuestro bot de Telegram: sin contraseña.
login-oidc = Entrar con Telegram
login-oidc-help = En la página de inicio de sesión del propio Telegram, para cuentas ya vinculadas a Telegram.
login-new-here = ¿Eres nuevo?
login-create-account = Crea una cuenta
