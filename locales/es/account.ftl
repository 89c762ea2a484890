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
