# Páginas do site.

## O layout (base.html)
skip-to-content = Pular para o conteúdo
sandbox-label = Ambiente de testes
sandbox-title = Ambiente de testes: sem Telegram de verdade.
sandbox-text = Isto é o tglink demo: o bot e os usuários são simulados.
sandbox-open = Abrir o chat de testes
nav-main = Principal
nav-connect = Conectar Telegram
nav-admin = Administração
nav-your-account = Sua conta:
nav-log-out = Sair
nav-log-in = Entrar
nav-sign-up = Criar conta
footer-tagline = tglink: os membros do seu site, no Telegram.
footer-language = Idioma
save = Salvar
