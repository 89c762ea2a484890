"""Benchmark peer 3: the fastest a Python developer gets with aiogram 3 — a minimal bot.

Only `/start` (with or without a deep-link token: one lookup in plain `sqlite3`, then the reply);
no duplicate check, no other commands, no middleware. aiogram's Dispatcher and its aiohttp
webhook handler (SimpleRequestHandler with secret_token; the webhook is answered at once and the
update handled in a background task that sends the reply with sendMessage), in one asyncio
process. It does less work than tglink's bot, which stores every update before answering the
webhook and looks the chat up. Same environment as aiogram_bot.py (see run_peer.sh).
"""
import logging
import os
import sqlite3

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

import replies

DB = sqlite3.connect(os.environ["PEER_DB"], timeout=5.0, check_same_thread=False)
router = Router()


@router.message(CommandStart(deep_link=True))
async def start_with_token(message: Message, command: CommandObject):
    row = DB.execute(
        "SELECT u.username FROM link_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_hash = ?",
        (replies.token_hash(command.args.strip()),),
    ).fetchone()
    text = replies.confirm_prompt(row[0]) if row else replies.UNKNOWN_LINK
    await message.answer(text, parse_mode="HTML")


@router.message(CommandStart())
async def start(message: Message):
    await message.answer(replies.WELCOME, parse_mode="HTML")


def main() -> None:
    logging.basicConfig(level=os.environ.get("PEER_LOG_LEVEL", "WARNING"))
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["PEER_FAKE_API_URL"]))
    bot = Bot(os.environ["PEER_BOT_TOKEN"], session=session)
    dp = Dispatcher()
    dp.include_router(router)
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dp, bot=bot, secret_token=os.environ["PEER_WEBHOOK_SECRET"]
    ).register(app, path="/telegram/webhook")
    app.router.add_get("/healthz", lambda _r: web.Response(text="ok"))
    setup_application(app, dp, bot=bot)
    web.run_app(app, host="127.0.0.1", port=int(os.environ["PEER_PORT"]), print=None)


if __name__ == "__main__":
    main()
