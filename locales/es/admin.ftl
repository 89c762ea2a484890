# admin
# Las páginas de administración. Las claves empiezan con admin-; un mensaje con marcado (<code>) se muestra tal cual: conserva las etiquetas.

## Pestañas y resumen (_nav.html, overview.html, _health.html)
admin-title = Administración
admin-nav-label = Administración
admin-menu = Menú de administración
admin-pages = Páginas de administración
admin-nav-overview = Resumen
admin-nav-compose = Nueva difusión
admin-nav-history = Historial
admin-nav-topics = Temas
admin-nav-users = Usuarios
admin-nav-groups = Grupos
admin-nav-audit = Registro de auditoría
admin-nav-tokens = Tokens de API
admin-nav-webhooks = Webhooks
admin-bot-not-configured = El bot no está configurado (falta <code>TELEGRAM_BOT_TOKEN</code>): los mensajes quedan en la cola, pero no se envían.
admin-stat-users = usuarios
admin-stat-linked = vinculados a Telegram
admin-stat-waiting = mensajes pendientes de envío
admin-queue-heading = Cola de envío
admin-events-heading = Vinculaciones y desvinculaciones recientes
admin-events-none = Nadie ha vinculado Telegram todavía.
admin-col-user = Usuario
admin-col-event = Evento
admin-col-how = Cómo
admin-col-when = Cuándo
admin-event-linked = vinculado
admin-event-unlinked = desvinculado
admin-via-bot = confirmado en el bot
admin-via-telegram-login = con el inicio de sesión de Telegram
admin-via-page = en la página Conectar
admin-via-stop = con /stop
admin-via-blocked = bloqueó el bot
admin-via-send-forbidden = se rechazó un envío (403)
admin-via-chat-not-found = el chat ya no existe
admin-via-account-deleted = se eliminó la cuenta
admin-via-admin = por un administrador
admin-via-api = por el sitio, mediante la API
admin-via-disabled = se desactivó la cuenta
admin-via-removed = se quitó el bot
admin-via-no-posting = el bot ya no puede publicar
admin-health-worker = Proceso de envío
admin-health-running = en marcha
admin-health-idle = inactivo o detenido
admin-health-rate = Ritmo de envío
admin-health-per-second = mensajes/s
admin-health-rate-limited = Limitado por Telegram
admin-health-paused-until = en pausa hasta { $until }
admin-health-no = no
admin-health-last-error = Último error
admin-health-none = ninguno

## Nueva difusión (compose.html, _message_fields.html, _zone_field.html, compose.rs)
admin-compose-bot-not-configured = El bot no está configurado: esta difusión esperará en la cola hasta que se defina <code>TELEGRAM_BOT_TOKEN</code>.
admin-message = Mensaje
admin-text-help = Hasta { $max } caracteres, contados como los cuenta Telegram, se envían como un solo mensaje; un texto más largo se envía en varios (como máximo { $parts }), cortado entre párrafos.
admin-format = Formato
admin-format-plain = Texto sin formato
admin-format-plain-hint = (se envía tal como lo escribes)
admin-format-markdown-hint = (**negrita**, _cursiva_, ~~tachado~~, `código`, [un enlace](https://example.com), listas y citas con >)
admin-format-html-hint = (<b> <i> <u> <s> <a href> <code> <pre> <blockquote> <tg-spoiler>; escribe &lt; para un < literal)
admin-topic = Tema
admin-topic-none = Ninguno: todos los vinculados
admin-topic-critical-mark = (crítico)
admin-topic-help = Con un tema, solo los miembros que lo reciben obtienen el mensaje, con un botón para silenciar el tema. Un tema crítico llega a todos los vinculados.
admin-delivery = Entrega
admin-silent = Silencioso
admin-silent-hint = (llega sin sonido: para noticias de baja prioridad)
admin-protected = Protegido
admin-protected-hint = (no se puede reenviar ni guardar)
admin-to-groups = Publicar también en los grupos y canales conectados
admin-to-groups-connected = { $count ->
        [one] { $count } conectado
       *[other] { $count } conectados
    }
admin-to-groups-see = verlos
admin-to-groups-unfiltered = los temas no los filtran
admin-buttons = Botones
admin-buttons-hint = (opcional: cada uno con un texto y una dirección https://)
admin-button-label = Texto del botón { $n }
admin-button-placeholder = Texto
admin-button-address = Dirección del botón { $n }
admin-button-n = Botón { $n }
admin-when = Cuándo
admin-send-at = Enviar el
admin-send-at-hint = (vacío: ahora)
admin-time-zone = Zona horaria
admin-time-zone-hint = (escribe una ciudad para buscar)
admin-preview = Vista previa
admin-preview-empty = Tu mensaje aparece aquí tal como lo muestra Telegram.
admin-reaches-before = Llega a
admin-reaches-after = ahora.
admin-send-confirm = ¿Enviar este mensaje a { $reach } en Telegram ahora?
admin-send-now = Enviar a { $reach } ahora
admin-test-me = Enviarme una prueba
admin-test-me-link-first = Primero vincula Telegram:
admin-test-admins = Prueba: enviar solo a { $count } administradores
admin-users-count = { $count ->
        [one] { $shown } usuario
       *[other] { $shown } usuarios
    }
admin-nobody-topic = Nadie recibe todavía el tema { $topic }: ningún miembro vinculado lo eligió{ $default ->
        [off] , y está desactivado por defecto
       *[on] {""}
    }.
admin-nobody-linked = Todavía no hay a quién enviar: ningún miembro ha vinculado Telegram.
admin-form-stale = Este formulario está desactualizado; envíalo de nuevo.
admin-sent-as-parts = Se envía en { $parts } mensajes (Telegram permite { $max } caracteres en uno).
admin-test-needs-link = Primero vincula tu Telegram (Conectar Telegram): la prueba va a tu propio chat.
admin-test-on-its-way = Una prueba va en camino a tu Telegram.
admin-sending-test-admins = Enviando una prueba a los administradores vinculados ({ $reach }).
admin-scheduled-for = Programada para { $at }: a día de hoy llegará a { $reach }.
admin-sending-to = Enviando a { $reach }.
admin-queued-already = Esta difusión ya estaba en la cola: aquí la tienes.
admin-topic-choose = Elige un tema de la lista.
admin-topic-gone = Este tema ya no existe; elige otro.
admin-send-at-invalid = Indica una fecha y hora, como 2026-12-24T18:00.
admin-zone-invalid = Elige la zona horaria de esta hora.
admin-time-skipped = Esta hora no existe en esa zona horaria (el cambio de hora la salta).
