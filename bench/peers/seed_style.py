"""Benchmark peer 1, "seed-style": tglink's bot as a typical tutorial deploys it.

pyTelegramBotAPI (telebot) with synchronous handlers inside a Flask webhook route, sqlite3 with
one connection per worker process, served by `gunicorn -w 2` (sync workers). The TeleBot is
created with threaded=False, so each reply (sendMessage) is sent inside the webhook request,
before the webhook is answered. Start it through run_peer.sh, which sets:

  PEER_BOT_TOKEN        bot token (URL path /bot<TOKEN>/<method> of the Bot API)
  PEER_FAKE_API_URL     Bot API base, e.g. http://127.0.0.1:8081
  PEER_WEBHOOK_SECRET   expected X-Telegram-Bot-Api-Secret-Token
  PEER_DB               SQLite database (schema.sql applied)
  PEER_SITE_NAME        site name in the texts (default tglink)
"""
import hmac
import logging
import os
import sqlite3
import time

import telebot
from flask import Flask, abort, request
from telebot import types

import replies

TOKEN = os.environ["PEER_BOT_TOKEN"]
SECRET = os.environ["PEER_WEBHOOK_SECRET"]
DB_PATH = os.environ["PEER_DB"]
telebot.apihelper.API_URL = os.environ["PEER_FAKE_API_URL"].rstrip("/") + "/bot{0}/{1}"
logging.basicConfig(level=os.environ.get("PEER_LOG_LEVEL", "WARNING"))

app = Flask(__name__)
bot = telebot.TeleBot(TOKEN, threaded=False, parse_mode="HTML")


# One connection per worker process (gunicorn imports this module in each worker, after the fork),
# as telebot tutorials keep it. The two workers share the file: busy_timeout makes a writer wait
# for the other's lock instead of failing at once with "database is locked"; the file is in WAL
# mode (set once by run_peer.sh), so readers never wait.
db = sqlite3.connect(DB_PATH, timeout=5.0, check_same_thread=False)
db.execute("PRAGMA busy_timeout = 5000")
db.execute("PRAGMA synchronous = NORMAL")


def member(chat_id: int):
    """(username, is_admin) of the site account linked to this chat, or None."""
    return db.execute(
        "SELECT u.username, u.is_admin FROM links l JOIN users u ON u.id = l.user_id "
        "WHERE l.chat_id = ?",
        (chat_id,),
    ).fetchone()


@bot.message_handler(commands=["start"], chat_types=["private"])
def start(message: types.Message):
    payload = telebot.util.extract_arguments(message.text).strip()
    if not payload:
        m = member(message.chat.id)
        bot.send_message(message.chat.id, replies.welcome_member(m[0]) if m else replies.WELCOME)
        return
    row = db.execute(
        "SELECT t.user_id, t.expires_at, t.used, u.username FROM link_tokens t "
        "LEFT JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (replies.token_hash(payload),),
    ).fetchone()
    if row is None:
        bot.send_message(message.chat.id, replies.UNKNOWN_LINK)
    elif row[2]:
        bot.send_message(message.chat.id, replies.USED_LINK)
    elif row[1] <= time.time():
        bot.send_message(message.chat.id, replies.EXPIRED_LINK)
    else:
        keyboard = types.InlineKeyboardMarkup()
        keyboard.row(
            *(types.InlineKeyboardButton(text, callback_data=data)
              for text, data in replies.confirm_buttons(payload))
        )
        bot.send_message(
            message.chat.id, replies.confirm_prompt(row[3] or "?"), reply_markup=keyboard
        )


@bot.message_handler(commands=["whoami"], chat_types=["private"])
def whoami(message: types.Message):
    m = member(message.chat.id)
    bot.send_message(
        message.chat.id, replies.whoami(m[0], bool(m[1])) if m else replies.WHOAMI_UNKNOWN
    )


@bot.message_handler(commands=["help"], chat_types=["private"])
def help_(message: types.Message):
    m = member(message.chat.id)
    bot.send_message(message.chat.id, replies.help_member(m[0]) if m else replies.HELP)


@bot.message_handler(func=lambda _m: True, chat_types=["private"], content_types=["text"])
def anything_else(message: types.Message):
    m = member(message.chat.id)
    bot.send_message(
        message.chat.id, replies.NOT_UNDERSTOOD if m else replies.NOT_UNDERSTOOD_UNKNOWN
    )


@app.post("/telegram/webhook")
def webhook():
    if not hmac.compare_digest(
        request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), SECRET
    ):
        abort(401)
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
        return "", 200  # not an update: acknowledge and drop, as tglink does
    # Record the update first; Telegram redelivers updates it thinks were not received.
    with db:
        fresh = db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id) VALUES (?)",
            (body["update_id"],),
        ).rowcount
    if fresh:
        bot.process_new_updates([types.Update.de_json(body)])
    return "", 200


@app.get("/healthz")
def healthz():
    return "ok", 200
