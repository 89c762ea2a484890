# A conta do membro.

## /account
account-title = Sua conta
account-username = Nome de usuário
account-linked-to = Vinculada a { $name }
account-manage = Gerenciar
account-not-linked = Não vinculada
account-alerts-label = Me avisar no Telegram quando minha conta for acessada de um navegador novo
account-language-label = Idioma
account-language-browser = O do meu navegador
account-language-hint = O site e o bot falam com você neste idioma.
account-language-unknown = Escolha um dos idiomas da lista.
account-notifications = Notificações
account-notifications-hint = o que este site envia para você
account-change-password = Trocar senha
account-sessions = Sessões
account-sessions-count = { $count ->
        [one] { $count } conectada
       *[other] { $count } conectadas
    }
account-delete = Excluir sua conta
account-done-password = Sua senha foi trocada. Todas as outras sessões foram encerradas.
account-done-sessions = Todas as outras sessões foram encerradas.
account-done-reset = Sua nova senha está definida, e todas as outras sessões foram encerradas.
account-done-alerts = Sua configuração de avisos de acesso foi salva.
account-done-language = Seu idioma foi salvo. O bot também passa a usá-lo.

## /login
login-title = Entrar
login-password = Senha
login-forgot = Esqueceu sua senha?
login-locked-offer = Sua conta está vinculada ao Telegram? Podemos enviar para esse chat um link de acesso que funciona uma vez.
login-send-link = Me envie um link de acesso no Telegram
login-or-telegram = Ou use o Telegram
login-with-telegram = Entrar com o Telegram
login-with-telegram-help = Aprove o acesso no nosso bot do Telegram: sem senha.
login-oidc = Fazer login com o Telegram
login-oidc-help = Na própria página de login do Telegram, para contas já vinculadas ao Telegram.
login-new-here = Novo por aqui?
login-create-account = Crie uma conta
