"""What the benchmark peers' bots say: the texts of tglink's bot (src/telegram/bot/replies.rs),
in Telegram HTML, shared by seed_style.py and aiogram_bot.py so both send the same bytes.

Site name from PEER_SITE_NAME (default "tglink"), optional address from PEER_SITE_URL.
"""
import hashlib
import os
from html import escape

SITE = escape(os.environ.get("PEER_SITE_NAME", "tglink"), quote=False)
_URL = os.environ.get("PEER_SITE_URL", "").rstrip("/")
ON_SITE = f"{SITE} ({escape(_URL, quote=False)})" if _URL else SITE

HOW_TO_CONNECT = (
    f"To link your Telegram account, sign in on {ON_SITE}, open <b>Connect Telegram</b> and tap "
    "<b>Open in Telegram</b> (or send me the <code>/start …</code> message shown there)."
)
FRESH_LINK = f"Get a fresh link from <b>Connect Telegram</b> on {ON_SITE}."

UNKNOWN_LINK = f"I don't recognise this link. {FRESH_LINK}"
EXPIRED_LINK = f"This link has expired. {FRESH_LINK}"
USED_LINK = f"This link has already been used. {FRESH_LINK}"
WELCOME = f"Hi! I am the bot of {SITE}.\n\n{HOW_TO_CONNECT}"
WHOAMI_UNKNOWN = (
    f"I don't know you yet: this Telegram account is not linked to a {SITE} account.\n\n"
    f"{HOW_TO_CONNECT}"
)
HELP = (
    f"I am the bot of {SITE}. Once you link your account, I bring you the site's announcements "
    f"and notifications.\n\n{HOW_TO_CONNECT}\n\n/whoami — check whether you are linked\n"
    "/help — this message"
)
NOT_UNDERSTOOD = "I didn't understand that. I know /whoami and /help."
NOT_UNDERSTOOD_UNKNOWN = f"I don't know you yet.\n\n{HOW_TO_CONNECT}"


def token_hash(token: str) -> str:
    """The link_tokens key of a `/start` payload: lowercase SHA-256 hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def welcome_member(username: str) -> str:
    return (
        f"Hi {escape(username, quote=False)}! This chat is linked to your {SITE} account, so you "
        "will get the site's messages here. Send /help to see what I can do."
    )


def whoami(username: str, is_admin: bool) -> str:
    role = "an administrator" if is_admin else "a member"
    return f"You are <b>{escape(username, quote=False)}</b> on {ON_SITE} ({role})."


def help_member(username: str) -> str:
    return (
        f"You are linked as <b>{escape(username, quote=False)}</b>. I bring you {SITE}'s "
        "announcements and notifications.\n\n/whoami — which site account this chat belongs to\n"
        "/help — this message"
    )


def confirm_prompt(username: str) -> str:
    return (
        f"Link this Telegram account to {SITE} account <b>{escape(username, quote=False)}</b>?\n\n"
        "Only confirm if you opened this link yourself from the site."
    )


def confirm_buttons(token: str) -> list[tuple[str, str]]:
    """(text, callback_data) of the Confirm / Cancel buttons under the prompt."""
    return [("Confirm", f"link:{token}"), ("Cancel", f"cancel:{token}")]
