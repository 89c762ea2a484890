# member
# The member's pages: home, sign-up, Connect, sign-in links, Telegram login, the widget, error pages, /account/*, the sandbox. Keys start with member-.
