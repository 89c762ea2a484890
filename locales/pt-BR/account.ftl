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
