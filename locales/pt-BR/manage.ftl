# manage
# As páginas de administração depois da redação: histórico, a página de um comunicado, usuários, assuntos, webhooks, grupos, tokens, auditoria, destinatários, edição, agendamento; os avisos da administração e o admin.js. As chaves começam com manage-.
# Uma mensagem com marcação (<a>, <code>, <strong>) aparece como está: mantenha as tags e seus atributos.

## Compartilhado
manage-pages = Páginas
manage-actions = Ações
manage-back = Voltar
manage-next = Próxima →
manage-previous = ← Anterior
manage-no = não
manage-never = nunca
manage-deleted-account = (conta excluída)
manage-col-name = Nome
manage-col-created = Criado em
manage-save-changes = Salvar alterações
manage-cancel = Cancelar
manage-remove = Remover
manage-see-where = Ver como está.

## Histórico e página de um comunicado (history.html, broadcast.html, _progress.html, broadcast_view.rs)
manage-broadcasts = Comunicados
manage-history-empty = Nenhum comunicado ainda.
manage-history-write-first = Escreva o primeiro.
manage-broadcast-n = Comunicado nº { $id }
manage-created-by = { $at }, por { $author }
manage-audience-test = só administradores vinculados (um teste)
manage-audience-topic = assunto
manage-audience-everyone = todos os vinculados
manage-audience-and-groups = e grupos conectados
manage-scheduled-for = agendado para { $at }
manage-newer = ← Mais recentes
manage-older = Mais antigos →
manage-recipients-count = { $count ->
        [one] { $shown } destinatário
       *[other] { $shown } destinatários
    }
manage-status-scheduled = Agendado
manage-status-sending = Enviando
manage-status-sent = Enviado
manage-status-cancelled = Cancelado
manage-status-deleted = Excluído
manage-status-nobody = Ninguém para receber
manage-progress-label = Progresso do envio do comunicado { $id }
# $n é o número, dentro de marcação nossa: deixe-o onde vai o número.
manage-count-sent = enviados: { $n }
manage-count-done = concluídos: { $n }
manage-count-pending = pendentes: { $n }
manage-count-blocked = bloqueados: { $n }
manage-count-failed = com falha: { $n }
manage-count-cancelled = cancelados: { $n }
manage-count-skipped = ignorados: { $n }
manage-count-of = de { $total }
manage-deleted-on = Excluído para todos em { $at }.
# $href é o endereço do formulário que o altera.
manage-scheduled-alert = Agendado para { $at }. <a href="{ $href }">Altere o texto ou o horário</a>, ou cancele abaixo.
manage-outcome-per-recipient = Resultado por destinatário
manage-cancel-confirm = Cancelar este comunicado? As mensagens que ainda não saíram não serão enviadas.
manage-cancel-broadcast = Cancelar comunicado
manage-the-message = A mensagem
manage-edited-on = Editado em { $at }.
manage-part-of = Parte { $n } de { $total }
manage-source-html = Código HTML do Telegram
manage-source-text = Texto como foi escrito
manage-change-it = Alterar
manage-edit-text = Editar o texto
manage-edit-in-place = Cada chat que ele alcançou recebe o novo texto na mesma mensagem.
manage-delete-confirm = Excluir este comunicado para todos? Ele some de todos os chats que alcançou e não é enviado aos demais.
manage-delete-everyone = Excluir para todos
manage-delete-window = O Telegram só deixa os bots excluírem suas mensagens até 48 horas depois do envio.
manage-delete-too-old = Ele saiu há mais de 48 horas: o Telegram não deixa mais os bots excluí-lo.
manage-change-edit = Edição
manage-change-deletion = Exclusão
manage-change-edit-progress = Progresso da edição do comunicado { $id }
manage-change-deletion-progress = Progresso da exclusão do comunicado { $id }
manage-state-sending = em andamento
manage-state-done = concluído
manage-no-such-broadcast = Esse comunicado não existe. Talvez tenha sido removido junto com o autor.
manage-cancelled-already = Ele já estava cancelado.
manage-cancelled = { $count ->
        [one] Cancelado: { $shown } mensagem que ainda não tinha saído não será enviada.
       *[other] Cancelado: { $shown } mensagens que ainda não tinham saído não serão enviadas.
    }

## Traduções de um comunicado (_variants.html, _broadcast_variants.html)
manage-translations = Traduções
manage-translations-hint = (opcional: os membros recebem a do seu idioma; os outros, a mensagem acima)
manage-translation-added = Tradução: { $name } ({ $tag })
manage-translation-add = + Adicionar uma tradução: { $name } ({ $tag })
manage-translation-message = Mensagem em { $name }
manage-translation-preview-empty = A mensagem em { $name } aparece aqui como o Telegram a mostra.
manage-translations-who = Os membros cujo idioma tem tradução recebem a tradução; todos os outros, e os grupos e canais, recebem a mensagem acima.

## Comunicados pagos (_paid_cost.html, paid_cost.rs)
# $shown é $count como escrito ("97,000", "0.3").
manage-stars = { $count ->
        [one] { $shown } Estrela
       *[other] { $shown } Estrelas
    }
# $estimate e $spent são quantias de Estrelas dentro de marcação nossa.
manage-paid-estimate = Comunicado pago a { $rate } mensagens por segundo: cerca de { $estimate }.
manage-paid-estimate-spent = Comunicado pago a { $rate } mensagens por segundo: cerca de { $estimate }; gasto até agora: { $spent }.
manage-paid-help = O Telegram cobra 0,1 Estrela por mensagem acima das ~30 gratuitas por segundo: a { $rate } por segundo, são { $above } a cada { $rate } mensagens, descontadas do saldo de Estrelas do bot.

## Destinatários (recipients.html)
manage-recipients-title = Destinatários do comunicado nº { $id }
manage-recipients-heading = Destinatários do <a href="{ $href }">comunicado nº { $id }</a>
manage-filter-outcome = Filtrar por resultado
manage-outcome-all = todos
manage-outcome-pending = pendente
manage-outcome-sending = enviando
manage-outcome-sent = enviado
manage-outcome-blocked = bloqueado
manage-outcome-failed = com falha
manage-outcome-cancelled = cancelado
manage-no-recipients = Nenhum destinatário.
manage-no-recipients-outcome = Nenhum destinatário com este resultado.
manage-recipients = Destinatários
manage-col-outcome = Resultado
manage-col-attempts = Tentativas
manage-col-reason = Motivo
manage-col-telegram-message = Mensagem no Telegram
manage-col-updated = Atualizado em
manage-recipient-group = Grupo ou canal de { $name }

## Editar um comunicado que já saiu (revise.html, revise.rs)
manage-edit-title = Editar o comunicado nº { $id }
manage-edit-explain = Cada chat que ele alcançou recebe o novo texto na mesma mensagem (o Telegram mostra como editada), no mesmo ritmo do envio; os membros que ele ainda não alcançou recebem o novo texto.
manage-edit-parts = { $parts ->
        [one] Ele saiu como { $parts } mensagem: o novo texto também precisa caber em { $parts }.
       *[other] Ele saiu como { $parts } mensagens: o novo texto também precisa caber em { $parts }.
    }
manage-save-edit = Salvar a edição
manage-edit-saved = Salvo: as mensagens que ainda não saíram vão com o novo texto.
manage-editing-in = { $count ->
        [one] Editando em { $count } chat.
       *[other] Editando em { $count } chats.
    }
manage-deleted-already = Ele já tinha sido excluído para todos.
manage-deleted-unsent = Excluído para todos: ele ainda não tinha chegado a nenhum chat e não será enviado.
manage-deleting-from = { $count ->
        [one] Excluído para todos: removendo de { $count } chat.
       *[other] Excluído para todos: removendo de { $count } chats.
    }
manage-refused-retracted = Esta mensagem foi excluída para todos; não pode mais ser editada.
manage-refused-parts = { $sent ->
        [one] Esta mensagem saiu como { $sent } mensagem e o novo texto precisa de { $now }; uma edição deve manter o número de partes (exclua-a e envie uma nova).
       *[other] Esta mensagem saiu como { $sent } mensagens e o novo texto precisa de { $now }; uma edição deve manter o número de partes (exclua-a e envie uma nova).
    }
manage-refused-no-variant = Esta mensagem não tem versão neste idioma; uma edição não pode adicioná-la.
manage-refused-too-old = O Telegram só deixa os bots excluírem mensagens até 48 horas depois do envio, e esta saiu em { $at } UTC.

## Alterar um comunicado agendado (schedule.html, schedule.rs)
manage-schedule-title = Alterar o comunicado agendado nº { $id }
manage-schedule-too-late = Este comunicado começou ou foi cancelado nesse meio-tempo, então não foi alterado.
manage-schedule-needs-time = Informe o novo horário de início (para enviar agora, cancele-o e envie de novo).
manage-schedule-saved = Salvo: ele começa em { $at }.
manage-no-such-scheduled = Esse comunicado agendado não existe.

## Usuários (users.html, users.rs)
manage-user-search = Nome de usuário, ou @usuário do Telegram
manage-search = Buscar
manage-no-users = Nenhum usuário encontrado.
manage-col-username = Nome de usuário
manage-col-last-sign-in = Último acesso
manage-col-telegram = Telegram
manage-col-admin = Administrador
manage-col-disabled = Desativado
manage-not-linked = não vinculado
manage-badge-admin = administrador
manage-disabled-at = desativado em { $at }
manage-user-deleted = excluído; mantido para as contagens
manage-only-admin = É o único administrador: torne outra conta administradora antes de remover o papel ou desativar esta.
manage-remove-admin-confirm = Remover os direitos de administrador de { $name }?
manage-remove-admin = Remover administrador
manage-make-admin-confirm = Tornar { $name } administrador?
manage-make-admin = Tornar administrador
manage-enable = Ativar
manage-disable-confirm = Desativar { $name }? As sessões terminam agora e a conta deixa de receber mensagens.
manage-disable = Desativar
manage-unlink-confirm = Desvincular o Telegram de { $name }?
manage-unlink = Desvincular Telegram
manage-send-test = Enviar mensagem de teste
manage-first-page = ← Primeira página
manage-made-admin = { $name } agora é administrador.
manage-made-admin-unchanged = Nada mudou: { $name } já é administrador, ou é um assinante que não pode entrar.
manage-removed-admin = { $name } não é mais administrador.
manage-removed-admin-unchanged = Nada mudou: { $name } não era administrador.
manage-disabled = { $name } foi desativado: as sessões terminaram e nada mais será enviado.
manage-disabled-unchanged = Nada mudou: { $name } já estava desativado.
manage-enabled = { $name } foi ativado: já pode entrar de novo.
manage-enabled-unchanged = Nada mudou: { $name } não estava desativado.
manage-unlinked = O Telegram de { $name } foi desvinculado; o bot se despede no chat.
manage-unlinked-unchanged = Nada mudou: { $name } não tem Telegram vinculado.
manage-test-on-its-way = Uma mensagem de teste para { $name } está a caminho.
manage-last-admin = O último administrador fica: o site precisa de pelo menos um administrador ativo. Torne outra conta administradora primeiro.
manage-not-reachable = Não há para onde enviar: esta conta não tem um chat do Telegram vinculado, ou está desativada.
# Enviada ao membro, no idioma dele.
manage-test-message = Uma mensagem de teste dos administradores de { $site }: as mensagens do Telegram estão chegando até você.

## Assuntos (topics.html, topics.rs)
manage-topics-intro = Os assuntos deixam os membros escolherem o que recebem (na <a href="/account/notifications">página de notificações</a> ou com <code>/settings</code> no bot). Um comunicado ou uma notificação da API pode indicar um assunto: só os inscritos nele o recebem, e cada mensagem traz um botão para silenciá-lo com um toque. Um assunto crítico chega a todos os membros vinculados, mesmo a quem o silenciou.
manage-topics-none = Nenhum assunto ainda: todo comunicado vai para todos os membros vinculados.
manage-col-description = Descrição
manage-col-for-new = Para novos membros
manage-col-critical = Crítico
manage-on = ativado
manage-off = desativado
manage-badge-critical = crítico
manage-edit = Editar
manage-delete = Excluir
manage-topic-delete-confirm = Excluir o assunto { $name }? As escolhas dos membros sobre ele serão esquecidas.
manage-topic-change = Alterar assunto
manage-topic-new = Novo assunto
manage-topic-description-hint = (opcional, aparece para os membros)
manage-topic-default-on = Ativado para os membros que ainda não escolheram
manage-topic-critical = Crítico: enviado a todos os membros vinculados, mesmo a quem o silenciou
manage-topic-create = Criar assunto
manage-topic-created = O assunto { $name } foi criado.
manage-topic-saved = O assunto { $name } foi salvo.
manage-topic-deleted-already = Esse assunto já tinha sido excluído.
manage-topic-deleted = O assunto { $name } foi excluído; os comunicados dele continuam no histórico, sem assunto.
manage-topic-taken = Já existe outro assunto com esse nome.
manage-topic-name-missing = Dê um nome ao assunto.
manage-topic-name-too-long = O nome de um assunto pode ter no máximo { $max } caracteres.
manage-topic-name-control = Use uma única linha de texto para o nome.
manage-topic-description-too-long = Uma descrição pode ter no máximo { $max } caracteres.

## Webhooks (webhooks.html, webhooks.rs)
manage-webhook-secret-heading = O segredo de assinatura de { $url }
manage-webhook-secret-once = Ele só aparece agora. Entregue-o ao receptor deste endpoint para que ele possa verificar a <code>webhook-signature</code> de cada evento:
manage-webhook-add-heading = Adicionar um endpoint
manage-webhook-intro = O tglink envia por POST <code>link.created</code>, <code>link.removed</code>, <code>delivery.sent</code> e <code>delivery.failed</code> a cada endpoint, assinados no padrão <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>, e tenta de novo por 25 horas até receber uma resposta 2xx.
manage-webhook-private-on = Este servidor define <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>, então http simples e endereços desta máquina ou de uma rede privada também são aceitos: use-os só para um receptor seu, ao lado do tglink (os eventos trazem os nomes dos seus membros).
manage-webhook-private-off = A URL precisa ser https, para um endereço público: http simples e endereços desta máquina ou de uma rede privada são recusados (o servidor pode permiti-los para um receptor próprio com <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>).
manage-webhook-command = O comando <code>tglink create-webhook URL</code> faz o mesmo.
manage-webhook-url = URL do endpoint
manage-webhook-add = Adicionar endpoint
manage-webhook-none = Nenhum endpoint ainda.
manage-webhook-added-at = Adicionado em { $at }
manage-webhook-waiting = { $count ->
        [one] { $count } evento aguardando
       *[other] { $count } eventos aguardando
    }
manage-webhook-remove-confirm = Remover o endpoint { $url }? Os eventos que aguardam serão descartados.
manage-webhook-no-attempts = Nenhuma tentativa ainda.
manage-webhook-attempts = Tentativas recentes para { $url }
manage-col-time = Duração
manage-ms = { $ms } ms
manage-webhook-resend = Reenviar
manage-webhook-accepted = aceito
manage-webhook-added = O endpoint { $url } foi adicionado.
manage-webhook-removed = O endpoint { $url } foi removido; os eventos que aguardavam foram descartados.
manage-webhook-removed-already = Nada mudou: esse endpoint já tinha sido removido.
manage-webhook-queued = { $event } { $id } voltou para a fila de { $url }.
manage-webhook-gone = Nada para reenviar: essa tentativa não existe mais.
manage-webhook-not-url = Isto não é uma URL ({ $why }).
manage-webhook-scheme = Informe uma URL http:// ou https:// com um host.
manage-webhook-too-long = A URL tem mais de 2000 caracteres.
manage-webhook-credentials = Deixe as credenciais fora da URL: a assinatura já autentica o tglink.

## Grupos e canais (groups.html, groups.rs)
manage-groups-title = Grupos e canais
manage-groups-intro = Os membros conectam um grupo ou canal na página Conectar Telegram. Um comunicado vai para esses chats quando você marca <strong>Publicar também nos grupos e canais conectados</strong>; o Telegram deixa um bot publicar no máximo 20 mensagens por minuto em cada um. Em um fórum, um administrador do grupo envia <code>/here</code> em um tópico para receber as mensagens ali.
manage-groups-none = Nenhum grupo ou canal conectado ainda.
manage-groups-connected = Grupos e canais conectados
manage-col-chat = Chat
manage-col-kind = Tipo
manage-col-connected-by = Conectado por
manage-col-since = Desde
manage-kind-group = grupo
manage-kind-supergroup = supergrupo
manage-kind-channel = canal
manage-group-topic = tópico { $id }
manage-disconnect-confirm = Desconectar { $title }? Os comunicados deixam de ir para lá.
manage-disconnect = Desconectar
manage-disconnected = { $title } foi desconectado; o que ainda estava na fila para ele foi cancelado.
manage-disconnected-already = Nada mudou: esse chat já estava desconectado.

## Tokens de API (tokens.html, tokens.rs)
manage-token-heading = O token { $name }
manage-token-copy = Copie agora e guarde junto ao serviço que vai usá-lo: ele só aparece desta vez (só o hash fica guardado).
manage-token-create-heading = Criar um token
manage-token-name = Nome: o serviço que vai usá-lo
manage-token-create = Criar token
manage-tokens-intro = Outros serviços notificam um usuário com <code>POST /api/v1/notifications</code> e <code>Authorization: Bearer &lt;token&gt;</code>. Também é possível criar tokens no servidor com <code>tglink create-api-token NAME</code>. Um token aparece uma única vez; só o hash fica guardado.
manage-tokens-none = Nenhum token ainda.
manage-col-last-used = Último uso
manage-col-state = Situação
manage-token-revoked-at = revogado em { $at }
manage-token-active = ativo
manage-token-revoke-confirm = Revogar o token { $name }? Os serviços que o usam vão receber 401.
manage-token-revoke = Revogar
manage-token-created = O token { $name } foi criado. Copie agora: ele não vai aparecer de novo.
manage-token-revoked = O token { $name } foi revogado: os serviços que o usam agora recebem 401.
manage-token-revoked-already = Nada mudou: esse token já estava revogado.
manage-token-name-invalid = Dê ao token um nome de 1 a 64 caracteres, por exemplo o do serviço que vai usá-lo.

## Registro de auditoria (audit.html, audit_page.rs, audit.rs)
manage-audit-filter = Filtrar o registro
manage-audit-what = O quê
manage-audit-every-action = Todas as ações
manage-audit-who = Quem
manage-audit-every-admin = Todos os administradores
manage-audit-filter-button = Filtrar
manage-audit-show-all = Mostrar tudo
manage-audit-none-match = Nenhuma ação de administração corresponde.
manage-audit-none = Nenhuma ação de administração ainda.
manage-audit-actions = Ações de administração
manage-col-action = Ação
manage-col-account = Conta
manage-col-details = Detalhes
manage-audit-newest = ← Mais recentes
manage-audit-command = o comando tglink
manage-kind-accounts = Contas
manage-kind-broadcasts = Comunicados
manage-kind-topics = Assuntos
manage-kind-webhooks = Webhooks
manage-kind-groups = Grupos e canais
manage-kind-tokens = Tokens de API
# O que um administrador fez, como a coluna Ação diz depois do nome dele.
manage-audit-make-admin = tornou administrador
manage-audit-remove-admin = removeu de administrador
manage-audit-disable = desativou
manage-audit-enable = ativou
manage-audit-unlink-telegram = desvinculou o Telegram
manage-audit-test-message = enviou uma mensagem de teste
manage-audit-reset-password = redefiniu a senha
manage-audit-send-broadcast = enviou um comunicado
manage-audit-schedule-broadcast = agendou um comunicado
manage-audit-test-broadcast = enviou um teste aos administradores
manage-audit-change-scheduled = alterou um comunicado agendado
manage-audit-edit-broadcast = editou um comunicado
manage-audit-cancel-broadcast = cancelou um comunicado
manage-audit-delete-broadcast = excluiu um comunicado para todos
manage-audit-create-topic = criou um assunto
manage-audit-change-topic = alterou um assunto
manage-audit-delete-topic = excluiu um assunto
manage-audit-disconnect-group = desconectou um grupo ou canal
manage-audit-add-webhook = adicionou um endpoint de webhook
manage-audit-remove-webhook = removeu um endpoint de webhook
manage-audit-resend-webhook = reenviou um evento de webhook
manage-audit-create-token = criou um token de API
manage-audit-revoke-token = revogou um token de API

## admin.js, por atributos data-* (_script_text.html); { $x } vira {x}, que o script preenche
manage-js-characters = { $len } / { $max } caracteres
manage-js-long = { $len } caracteres: enviado em pelo menos { $parts } mensagens (a pré-visualização diz exatamente)
manage-js-refused = O Telegram recusaria isto: { $why }
manage-js-at = { $why } (no caractere { $at })
manage-js-not-closed = <{ $tag } não está fechada com >
manage-js-bad-character = caractere inesperado em <{ $tag }>
manage-js-bad-attribute = <{ $tag }> não aceita o atributo { $attr }
manage-js-bad-href = <a> precisa de um href que seja um link http://, https:// ou tg://
manage-js-bad-span = <span> precisa ser <span class="tg-spoiler">
manage-js-bad-code = <code class> precisa ser language-…
manage-js-bad-emoji = <tg-emoji> precisa de um emoji-id numérico
manage-js-end-not-closed = uma tag de fechamento não está fechada com >
manage-js-never-opened = </{ $tag }> fecha uma tag que nunca foi aberta
manage-js-wrong-close = </{ $tag }> encontrada onde se esperava </{ $expected }>
manage-js-stray-lt = um "<" que não abre nenhuma tag: escreva &lt; para um < literal
manage-js-unknown-tag = <{ $tag }> não é uma tag que o Telegram aceita; escreva &lt; para um < literal
manage-js-never-closed = <{ $tag }> nunca é fechada: adicione </{ $tag }>
manage-js-schedule = Agendar para { $at }
manage-js-schedule-confirm = Agendar para { $at }? Pelos números de agora, vai alcançar { $reach }.
manage-js-paused = · pausado pelo Telegram até { $time }
manage-js-eta = · faltam cerca de { $time } a { $rate } mensagens/s
manage-js-seconds = { $n } s
manage-js-minutes = { $n } min
manage-js-hours = { $n } h
