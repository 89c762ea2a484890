# manage
# Las páginas de administración después de redactar: historial, la página de una difusión, usuarios, temas, webhooks, grupos, tokens, auditoría, destinatarios, edición, programación; los avisos de administración y admin.js. Las claves empiezan con manage-.
# Un mensaje con marcado (<a>, <code>, <strong>) se muestra tal cual: conserva las etiquetas y sus atributos.

## Compartido
manage-pages = Páginas
manage-actions = Acciones
manage-back = Volver
manage-next = Siguiente →
manage-previous = ← Anterior
manage-no = no
manage-never = nunca
manage-deleted-account = (cuenta eliminada)
manage-col-name = Nombre
manage-col-created = Creado
manage-save-changes = Guardar cambios
manage-cancel = Cancelar
manage-remove = Quitar
manage-see-where = Ver cómo va.

## Historial y página de una difusión (history.html, broadcast.html, _progress.html, broadcast_view.rs)
manage-broadcasts = Difusiones
manage-history-empty = Todavía no hay difusiones.
manage-history-write-first = Escribe la primera.
manage-broadcast-n = Difusión n.º { $id }
manage-created-by = { $at }, por { $author }
manage-audience-test = solo administradores vinculados (una prueba)
manage-audience-topic = tema
manage-audience-everyone = todos los vinculados
manage-audience-and-groups = y grupos conectados
manage-scheduled-for = programada para { $at }
manage-newer = ← Más recientes
manage-older = Más antiguas →
manage-recipients-count = { $count ->
        [one] { $shown } destinatario
       *[other] { $shown } destinatarios
    }
manage-status-scheduled = Programada
manage-status-sending = Enviando
manage-status-sent = Enviada
manage-status-cancelled = Cancelada
manage-status-deleted = Eliminada
manage-status-nobody = Nadie a quien enviar
manage-progress-label = Progreso de envío de la difusión { $id }
# $n es el número, dentro de marcado nuestro: déjalo donde va el número.
manage-count-sent = enviados: { $n }
manage-count-done = hechos: { $n }
manage-count-pending = pendientes: { $n }
manage-count-blocked = bloqueados: { $n }
manage-count-failed = fallidos: { $n }
manage-count-cancelled = cancelados: { $n }
manage-count-skipped = omitidos: { $n }
manage-count-of = de { $total }
manage-deleted-on = Eliminada para todos el { $at }.
# $href es la dirección del formulario que la cambia.
manage-scheduled-alert = Programada para { $at }. <a href="{ $href }">Cambia el texto o la hora</a>, o cancélala abajo.
manage-outcome-per-recipient = Resultado por destinatario
manage-cancel-confirm = ¿Cancelar esta difusión? Los mensajes que aún no salieron no se enviarán.
manage-cancel-broadcast = Cancelar difusión
manage-the-message = El mensaje
manage-edited-on = Editada el { $at }.
manage-part-of = Parte { $n } de { $total }
manage-source-html = Código HTML de Telegram
manage-source-text = Texto tal como se escribió
manage-change-it = Cambiarla
manage-edit-text = Editar el texto
manage-edit-in-place = Cada chat al que llegó recibe el texto nuevo en el mismo mensaje.
manage-delete-confirm = ¿Eliminar esta difusión para todos? Desaparece de todos los chats a los que llegó y no se envía al resto.
manage-delete-everyone = Eliminar para todos
manage-delete-window = Telegram solo deja que los bots eliminen sus mensajes dentro de las 48 horas posteriores al envío.
manage-delete-too-old = Salió hace más de 48 horas: Telegram ya no deja que los bots la eliminen.
manage-change-edit = Edición
manage-change-deletion = Eliminación
manage-change-edit-progress = Progreso de la edición de la difusión { $id }
manage-change-deletion-progress = Progreso de la eliminación de la difusión { $id }
manage-state-sending = en curso
manage-state-done = terminado
manage-no-such-broadcast = No existe esa difusión. Puede que se haya eliminado junto con su autor.
manage-cancelled-already = Ya estaba cancelada.
manage-cancelled = { $count ->
        [one] Cancelada: { $shown } mensaje que aún no había salido no se enviará.
       *[other] Cancelada: { $shown } mensajes que aún no habían salido no se enviarán.
    }

## Traducciones de una difusión (_variants.html, _broadcast_variants.html)
manage-translations = Traducciones
manage-translations-hint = (opcional: los miembros reciben la de su idioma; los demás, el mensaje de arriba)
manage-translation-added = Traducción: { $name } ({ $tag })
manage-translation-add = + Añadir una traducción: { $name } ({ $tag })
manage-translation-message = Mensaje en { $name }
manage-translation-preview-empty = El mensaje en { $name } aparece aquí tal como lo muestra Telegram.
manage-translations-who = Los miembros cuyo idioma tiene traducción la reciben; todos los demás, y los grupos y canales, reciben el mensaje de arriba.

## Difusiones de pago (_paid_cost.html, paid_cost.rs)
# $shown es $count tal como se escribe ("97,000", "0.3").
manage-stars = { $count ->
        [one] { $shown } estrella
       *[other] { $shown } estrellas
    }
# $estimate y $spent son cantidades de estrellas dentro de marcado nuestro.
manage-paid-estimate = Difusión de pago a { $rate } mensajes por segundo: unas { $estimate }.
manage-paid-estimate-spent = Difusión de pago a { $rate } mensajes por segundo: unas { $estimate }; gastadas hasta ahora: { $spent }.
manage-paid-help = Telegram cobra 0,1 estrella por cada mensaje por encima de sus ~30 gratuitos por segundo: a { $rate } por segundo, son { $above } de cada { $rate } mensajes, descontados del saldo de estrellas del bot.

## Destinatarios (recipients.html)
manage-recipients-title = Destinatarios de la difusión n.º { $id }
manage-recipients-heading = Destinatarios de la <a href="{ $href }">difusión n.º { $id }</a>
manage-filter-outcome = Filtrar por resultado
manage-outcome-all = todos
manage-outcome-pending = pendiente
manage-outcome-sending = enviando
manage-outcome-sent = enviado
manage-outcome-blocked = bloqueado
manage-outcome-failed = fallido
manage-outcome-cancelled = cancelado
manage-no-recipients = No hay destinatarios.
manage-no-recipients-outcome = No hay destinatarios con este resultado.
manage-recipients = Destinatarios
manage-col-outcome = Resultado
manage-col-attempts = Intentos
manage-col-reason = Motivo
manage-col-telegram-message = Mensaje de Telegram
manage-col-updated = Actualizado
manage-recipient-group = Grupo o canal de { $name }

## Editar una difusión que ya salió (revise.html, revise.rs)
manage-edit-title = Editar la difusión n.º { $id }
manage-edit-explain = Cada chat al que llegó recibe el texto nuevo en el mismo mensaje (Telegram lo marca como editado), al mismo ritmo que el envío; los miembros a los que aún no llegó reciben el texto nuevo.
manage-edit-parts = { $parts ->
        [one] Salió como { $parts } mensaje: el texto nuevo también debe caber en { $parts }.
       *[other] Salió como { $parts } mensajes: el texto nuevo también debe caber en { $parts }.
    }
manage-save-edit = Guardar la edición
manage-edit-saved = Guardado: los mensajes que aún no salieron se envían con el texto nuevo.
manage-editing-in = { $count ->
        [one] Editándola en { $count } chat.
       *[other] Editándola en { $count } chats.
    }
manage-deleted-already = Ya estaba eliminada para todos.
manage-deleted-unsent = Eliminada para todos: todavía no había llegado a ningún chat y no se enviará.
manage-deleting-from = { $count ->
        [one] Eliminada para todos: quitándola de { $count } chat.
       *[other] Eliminada para todos: quitándola de { $count } chats.
    }
manage-refused-retracted = Este mensaje se eliminó para todos; ya no se puede editar.
manage-refused-parts = { $sent ->
        [one] Este mensaje salió como { $sent } mensaje y el texto nuevo necesita { $now }; una edición debe mantener el número de partes (elimínalo y envía uno nuevo).
       *[other] Este mensaje salió como { $sent } mensajes y el texto nuevo necesita { $now }; una edición debe mantener el número de partes (elimínalo y envía uno nuevo).
    }
manage-refused-no-variant = Este mensaje no tiene versión en este idioma; una edición no puede añadirla.
manage-refused-too-old = Telegram solo deja que los bots eliminen mensajes dentro de las 48 horas posteriores al envío, y este salió el { $at } UTC.

## Cambiar una difusión programada (schedule.html, schedule.rs)
manage-schedule-title = Cambiar la difusión programada n.º { $id }
manage-schedule-too-late = Esta difusión empezó o se canceló mientras tanto, así que no se cambió.
manage-schedule-needs-time = Indica la nueva hora de inicio (para enviarla ya, cancélala y vuelve a enviarla).
manage-schedule-saved = Guardado: empieza el { $at }.
manage-no-such-scheduled = No existe esa difusión programada.

## Usuarios (users.html, users.rs)
manage-user-search = Nombre de usuario, o @usuario de Telegram
manage-search = Buscar
manage-no-users = Ningún usuario coincide.
manage-col-username = Nombre de usuario
manage-col-last-sign-in = Último inicio de sesión
manage-col-telegram = Telegram
manage-col-admin = Administrador
manage-col-disabled = Desactivado
manage-not-linked = sin vincular
manage-badge-admin = administrador
manage-disabled-at = desactivado el { $at }
manage-user-deleted = eliminado; se conserva para los recuentos
manage-only-admin = Es el único administrador: haz administradora a otra cuenta antes de quitarle el rol a esta o desactivarla.
manage-remove-admin-confirm = ¿Quitarle a { $name } los permisos de administrador?
manage-remove-admin = Quitar administrador
manage-make-admin-confirm = ¿Hacer administrador a { $name }?
manage-make-admin = Hacer administrador
manage-enable = Activar
manage-disable-confirm = ¿Desactivar a { $name }? Sus sesiones terminan ahora y no recibe más mensajes.
manage-disable = Desactivar
manage-unlink-confirm = ¿Desvincular el Telegram de { $name }?
manage-unlink = Desvincular Telegram
manage-send-test = Enviar mensaje de prueba
manage-first-page = ← Primera página
manage-made-admin = { $name } ahora es administrador.
manage-made-admin-unchanged = No cambió nada: { $name } ya es administrador, o es un suscriptor que no puede iniciar sesión.
manage-removed-admin = { $name } ya no es administrador.
manage-removed-admin-unchanged = No cambió nada: { $name } no era administrador.
manage-disabled = { $name } está desactivado: sus sesiones terminaron y no se le envía nada más.
manage-disabled-unchanged = No cambió nada: { $name } ya estaba desactivado.
manage-enabled = { $name } está activado: puede volver a iniciar sesión.
manage-enabled-unchanged = No cambió nada: { $name } no estaba desactivado.
manage-unlinked = Se desvinculó el Telegram de { $name }; el bot se despide en el chat.
manage-unlinked-unchanged = No cambió nada: { $name } no tiene Telegram vinculado.
manage-test-on-its-way = Un mensaje de prueba va en camino a { $name }.
manage-last-admin = El último administrador se queda: el sitio necesita al menos un administrador activo. Haz administradora a otra cuenta primero.
manage-not-reachable = No hay adónde enviar: esta cuenta no tiene un chat de Telegram vinculado, o está desactivada.
# Se envía al miembro, en su idioma.
manage-test-message = Un mensaje de prueba de los administradores de { $site }: los mensajes de Telegram te llegan.

## Temas (topics.html, topics.rs)
manage-topics-intro = Los temas permiten a los miembros elegir qué reciben (en <a href="/account/notifications">su página de notificaciones</a> o con <code>/settings</code> en el bot). Una difusión o una notificación de la API puede indicar un tema: solo la reciben sus suscriptores, y cada mensaje lleva un botón para silenciarlo con un toque. Un tema crítico llega a todos los miembros vinculados, incluso a quienes lo silenciaron.
manage-topics-none = Todavía no hay temas: cada difusión llega a todos los miembros vinculados.
manage-col-description = Descripción
manage-col-for-new = Para miembros nuevos
manage-col-critical = Crítico
manage-on = activado
manage-off = desactivado
manage-badge-critical = crítico
manage-edit = Editar
manage-delete = Eliminar
manage-topic-delete-confirm = ¿Eliminar el tema { $name }? Se olvidan las elecciones de los miembros sobre él.
manage-topic-change = Cambiar tema
manage-topic-new = Nuevo tema
manage-topic-description-hint = (opcional, la ven los miembros)
manage-topic-default-on = Activado para los miembros que no han elegido
manage-topic-critical = Crítico: se envía a todos los miembros vinculados, incluso a quienes lo silenciaron
manage-topic-create = Crear tema
manage-topic-created = Se creó el tema { $name }.
manage-topic-saved = Se guardó el tema { $name }.
manage-topic-deleted-already = Ese tema ya se había eliminado.
manage-topic-deleted = Se eliminó el tema { $name }; sus difusiones siguen en el historial, sin tema.
manage-topic-taken = Ya hay otro tema con este nombre.
manage-topic-name-missing = Ponle un nombre al tema.
manage-topic-name-too-long = El nombre de un tema puede tener como máximo { $max } caracteres.
manage-topic-name-control = Usa una sola línea de texto para el nombre.
manage-topic-description-too-long = Una descripción puede tener como máximo { $max } caracteres.

## Webhooks (webhooks.html, webhooks.rs)
manage-webhook-secret-heading = El secreto de firma de { $url }
manage-webhook-secret-once = Solo se muestra ahora. Dáselo al receptor de este endpoint para que pueda comprobar la <code>webhook-signature</code> de cada evento:
manage-webhook-add-heading = Añadir un endpoint
manage-webhook-intro = tglink envía por POST <code>link.created</code>, <code>link.removed</code>, <code>delivery.sent</code> y <code>delivery.failed</code> a cada endpoint, firmados según <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>, y reintenta durante 25 horas hasta que responda 2xx.
manage-webhook-private-on = Este servidor tiene <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>, así que también se aceptan http sin cifrar y direcciones de esta máquina o de una red privada: úsalos solo para un receptor propio, junto a tglink (los eventos llevan los nombres de tus miembros).
manage-webhook-private-off = La URL debe ser https y apuntar a una dirección pública: se rechazan http sin cifrar y las direcciones de esta máquina o de una red privada (el servidor puede permitirlas para un receptor propio con <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>).
manage-webhook-command = El comando <code>tglink create-webhook URL</code> hace lo mismo.
manage-webhook-url = URL del endpoint
manage-webhook-add = Añadir endpoint
manage-webhook-none = Todavía no hay endpoints.
manage-webhook-added-at = Añadido el { $at }
manage-webhook-waiting = { $count ->
        [one] { $count } evento en espera
       *[other] { $count } eventos en espera
    }
manage-webhook-remove-confirm = ¿Quitar el endpoint { $url }? Se descartan sus eventos en espera.
manage-webhook-no-attempts = Todavía no hay intentos.
manage-webhook-attempts = Intentos recientes a { $url }
manage-col-time = Duración
manage-ms = { $ms } ms
manage-webhook-resend = Reenviar
manage-webhook-accepted = aceptado
manage-webhook-added = Se añadió el endpoint { $url }.
manage-webhook-removed = Se quitó el endpoint { $url }; se descartaron sus eventos en espera.
manage-webhook-removed-already = No cambió nada: ese endpoint ya se había quitado.
manage-webhook-queued = { $event } { $id } vuelve a la cola para { $url }.
manage-webhook-gone = No hay nada que reenviar: ese intento ya no existe.
manage-webhook-not-url = Esto no es una URL ({ $why }).
manage-webhook-scheme = Indica una URL http:// o https:// con un host.
manage-webhook-too-long = La URL tiene más de 2000 caracteres.
manage-webhook-credentials = No pongas credenciales en la URL: la firma ya autentica a tglink.

## Grupos y canales (groups.html, groups.rs)
manage-groups-title = Grupos y canales
manage-groups-intro = Los miembros conectan un grupo o canal desde su página Conectar Telegram. Una difusión llega a estos chats cuando marcas <strong>Publicar también en los grupos y canales conectados</strong>; Telegram deja que un bot publique como máximo 20 mensajes por minuto en cada uno. En un foro, un administrador del grupo envía <code>/here</code> en un tema para recibir ahí los mensajes.
manage-groups-none = Todavía no hay grupos ni canales conectados.
manage-groups-connected = Grupos y canales conectados
manage-col-chat = Chat
manage-col-kind = Tipo
manage-col-connected-by = Conectado por
manage-col-since = Desde
manage-kind-group = grupo
manage-kind-supergroup = supergrupo
manage-kind-channel = canal
manage-group-topic = tema { $id }
manage-disconnect-confirm = ¿Desconectar { $title }? Las difusiones dejarán de llegar ahí.
manage-disconnect = Desconectar
manage-disconnected = Se desconectó { $title }; lo que aún estaba en cola para ese chat se canceló.
manage-disconnected-already = No cambió nada: ese chat ya estaba desconectado.

## Tokens de API (tokens.html, tokens.rs)
manage-token-heading = El token { $name }
manage-token-copy = Cópialo ahora y guárdalo con el servicio que lo usará: solo se muestra esta vez (solo se guarda su hash).
manage-token-create-heading = Crear un token
manage-token-name = Nombre: el servicio que lo usará
manage-token-create = Crear token
manage-tokens-intro = Otros servicios notifican a un usuario con <code>POST /api/v1/notifications</code> y <code>Authorization: Bearer &lt;token&gt;</code>. Los tokens también se pueden crear en el servidor con <code>tglink create-api-token NAME</code>. Un token se muestra una sola vez; solo se guarda su hash.
manage-tokens-none = Todavía no hay tokens.
manage-col-last-used = Último uso
manage-col-state = Estado
manage-token-revoked-at = revocado el { $at }
manage-token-active = activo
manage-token-revoke-confirm = ¿Revocar el token { $name }? Los servicios que lo usan recibirán 401.
manage-token-revoke = Revocar
manage-token-created = Se creó el token { $name }. Cópialo ahora: no se volverá a mostrar.
manage-token-revoked = Se revocó el token { $name }: los servicios que lo usan ahora reciben 401.
manage-token-revoked-already = No cambió nada: ese token ya estaba revocado.
manage-token-name-invalid = Dale al token un nombre de 1 a 64 caracteres, por ejemplo el del servicio que lo usará.

## Registro de auditoría (audit.html, audit_page.rs, audit.rs)
manage-audit-filter = Filtrar el registro
manage-audit-what = Qué
manage-audit-every-action = Todas las acciones
manage-audit-who = Quién
manage-audit-every-admin = Todos los administradores
manage-audit-filter-button = Filtrar
manage-audit-show-all = Mostrar todo
manage-audit-none-match = Ninguna acción de administración coincide.
manage-audit-none = Todavía no hay acciones de administración.
manage-audit-actions = Acciones de administración
manage-col-action = Acción
manage-col-account = Cuenta
manage-col-details = Detalles
manage-audit-newest = ← Más recientes
manage-audit-command = el comando tglink
manage-kind-accounts = Cuentas
manage-kind-broadcasts = Difusiones
manage-kind-topics = Temas
manage-kind-webhooks = Webhooks
manage-kind-groups = Grupos y canales
manage-kind-tokens = Tokens de API
# Lo que hizo un administrador, como lo dice la columna Acción después de su nombre.
manage-audit-make-admin = hizo administrador
manage-audit-remove-admin = quitó el rol de administrador
manage-audit-disable = desactivó
manage-audit-enable = activó
manage-audit-unlink-telegram = desvinculó Telegram
manage-audit-test-message = envió un mensaje de prueba
manage-audit-reset-password = restableció la contraseña
manage-audit-send-broadcast = envió una difusión
manage-audit-schedule-broadcast = programó una difusión
manage-audit-test-broadcast = envió una prueba a los administradores
manage-audit-change-scheduled = cambió una difusión programada
manage-audit-edit-broadcast = editó una difusión
manage-audit-cancel-broadcast = canceló una difusión
manage-audit-delete-broadcast = eliminó una difusión para todos
manage-audit-create-topic = creó un tema
manage-audit-change-topic = cambió un tema
manage-audit-delete-topic = eliminó un tema
manage-audit-disconnect-group = desconectó un grupo o canal
manage-audit-add-webhook = añadió un endpoint de webhook
manage-audit-remove-webhook = quitó un endpoint de webhook
manage-audit-resend-webhook = reenvió un evento de webhook
manage-audit-create-token = creó un token de API
manage-audit-revoke-token = revocó un token de API

## admin.js, mediante atributos data-* (_script_text.html); { $x } se convierte en {x}, que rellena el script
manage-js-characters = { $len } / { $max } caracteres
manage-js-long = { $len } caracteres: se envía en al menos { $parts } mensajes (la vista previa lo dice exactamente)
manage-js-refused = Telegram rechazaría esto: { $why }
manage-js-at = { $why } (en el carácter { $at })
manage-js-not-closed = <{ $tag } no se cierra con >
manage-js-bad-character = carácter inesperado en <{ $tag }>
manage-js-bad-attribute = <{ $tag }> no admite el atributo { $attr }
manage-js-bad-href = <a> necesita un href que sea un enlace http://, https:// o tg://
manage-js-bad-span = <span> debe ser <span class="tg-spoiler">
manage-js-bad-code = <code class> debe ser language-…
manage-js-bad-emoji = <tg-emoji> necesita un emoji-id numérico
manage-js-end-not-closed = una etiqueta de cierre no se cierra con >
manage-js-never-opened = </{ $tag }> cierra una etiqueta que nunca se abrió
manage-js-wrong-close = hay </{ $tag }> donde se esperaba </{ $expected }>
manage-js-stray-lt = un «<» que no abre ninguna etiqueta: escribe &lt; para un < literal
manage-js-unknown-tag = <{ $tag }> no es una etiqueta que Telegram admita; escribe &lt; para un < literal
manage-js-never-closed = <{ $tag }> nunca se cierra: añade </{ $tag }>
manage-js-schedule = Programar para el { $at }
manage-js-schedule-confirm = ¿Programar para el { $at }? A día de hoy llegaría a { $reach }.
manage-js-paused = · en pausa por Telegram hasta las { $time }
manage-js-eta = · faltan unos { $time } a { $rate } mensajes/s
manage-js-seconds = { $n } s
manage-js-minutes = { $n } min
manage-js-hours = { $n } h
