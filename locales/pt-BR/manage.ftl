# manage
# The admin pages after compose: history, a broadcast's page, users, topics, webhooks, groups, tokens, audit, recipients, revise, schedule; admin flashes and admin.js. Keys start with manage-.
