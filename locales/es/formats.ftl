# formats
# Fechas, horas, números y los errores del texto de un mensaje y de la hora de envío. Las claves empiezan con formats-.

## Fechas y horas: patrones strftime de chrono (%-d el día, %b / %B el nombre corto / completo del
## mes, %Y el año, %H:%M:%S la hora). Ordena las partes como se escriben en tu idioma.
formats-minute = %-d %b %Y, %H:%M
formats-second = %-d %b %Y, %H:%M:%S
formats-at-utc = { $time } UTC
formats-at-zone = { $time } ({ $zone })
# Entre los elementos de una lista («Noticias, Ofertas»): las comillas conservan el espacio.
formats-list-separator = { ", " }

## El texto de un mensaje (redactar, editar, un mensaje de prueba)
formats-text-empty = Primero escribe el mensaje.
formats-text-bad-html = Esto no es HTML de Telegram válido: { $problem }.
formats-text-invisible = El mensaje no tiene texto visible.
formats-text-too-long = Este mensaje saldría en { $parts } mensajes; tglink envía como máximo { $max }. Acórtalo en unos { $over } { $over ->
        [one] carácter
       *[other] caracteres
    }.

## Qué falla en el HTML de Telegram (después de «Esto no es HTML de Telegram válido:»); las etiquetas quedan tal cual.
formats-html-at = { $problem } (en el carácter { $at })
formats-html-never-closed = <{ $tag }> nunca se cierra: añade </{ $tag }>
formats-html-lone-angle = un «<» que no abre ninguna etiqueta: escribe &lt; para un < literal
formats-html-unknown-tag = <{ $tag }> no es una etiqueta que Telegram admita (se admiten: b, i, u, s, a, code, pre, blockquote, tg-spoiler, tg-emoji); escribe &lt; para un < literal
formats-html-open-unclosed = <{ $tag } no se cierra con >
formats-html-unexpected = carácter inesperado en <{ $tag }>
formats-html-no-quote = al atributo { $attribute } de <{ $tag }> le falta la comilla de cierre
formats-html-attribute = <{ $tag }> no admite el atributo { $attribute }
formats-html-href-scheme = <a href> debe ser un enlace http://, https:// o tg://
formats-html-href-missing = <a> necesita un href, por ejemplo <a href="https://example.com">
formats-html-span = <span> debe ser <span class="tg-spoiler">
formats-html-code-class = <code class> debe ser language-…
formats-html-emoji = <tg-emoji> necesita un emoji-id numérico
formats-html-close-unclosed = </{ $tag } no se cierra con >
formats-html-mismatch = </{ $tag }> aparece donde se esperaba </{ $expected }>
formats-html-never-opened = </{ $tag }> cierra una etiqueta que nunca se abrió

## Cuándo enviar
formats-send-at-past = Esa hora ya pasó; elige una hora en el futuro.
formats-send-at-too-far = Programa como mucho con un año de antelación.

## Páginas de error (título y luego lo que dice la página)
formats-error-not-found-title = No encontrado
formats-error-no-page-title = Página no encontrada
formats-error-no-page = No hay nada en esta dirección. Revisa el enlace o vuelve a empezar desde la página de inicio.
formats-error-no-such-broadcast = Esta difusión no existe. Puede que se eliminara junto con su autor.
formats-error-no-such-topic = Este tema no existe.
formats-error-not-scheduled = Esta difusión programada no existe.
formats-error-no-such-account = Esta cuenta no existe.
formats-error-no-oidc = Iniciar sesión con Telegram no está configurado en este sitio.
formats-error-busy-title = Mucho trabajo ahora mismo
formats-error-busy = El sitio tiene mucho que hacer en este momento. Inténtalo de nuevo en unos segundos.
formats-error-unexpected-title = Algo falló
formats-error-unexpected = Algo falló de nuestro lado. Inténtalo de nuevo en un momento.
formats-error-account-unloaded = No pudimos cargar tu cuenta. Inténtalo de nuevo en un momento.
formats-error-admins-only-title = Solo para administradores
formats-error-admins-only = Esta página es para los administradores del sitio.
formats-error-form-expired-title = Este formulario caducó
formats-error-form-expired = Por tu seguridad, no hicimos nada con él. Vuelve atrás, recarga la página e inténtalo de nuevo.
