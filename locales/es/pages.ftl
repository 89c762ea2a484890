# Páginas del sitio.

## La plantilla (base.html)
skip-to-content = Saltar al contenido
sandbox-label = Entorno de pruebas
sandbox-title = Entorno de pruebas: sin Telegram real.
sandbox-text = Esto es tglink demo: el bot y sus usuarios son simulados.
sandbox-open = Abrir el chat de pruebas
nav-main = Principal
nav-connect = Conectar Telegram
nav-admin = Administración
nav-your-account = Tu cuenta:
nav-log-out = Cerrar sesión
nav-log-in = Iniciar sesión
nav-sign-up = Registrarse
footer-tagline = tglink: los miembros de tu sitio, en Telegram.
footer-language = Idioma
save = Guardar
