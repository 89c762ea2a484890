"""Benchmark peer 2: tglink's bot as a Python developer would write it today with aiogram 3.

aiogram's Dispatcher with a Router, aiogram's own aiohttp webhook handler (SimpleRequestHandler
with secret_token, handle_in_background left at its default: the webhook is answered at once and
the update is handled in a background task that sends the reply with sendMessage), one shared
aiosqlite connection, all in one asyncio process. Start it through run_peer.sh, which sets:

  PEER_PORT             listen port (on 127.0.0.1)
  PEER_BOT_TOKEN        bot token (URL path /bot<TOKEN>/<method> of the Bot API)
  PEER_FAKE_API_URL     Bot API base, e.g. http://127.0.0.1:8081
  PEER_WEBHOOK_SECRET   expected X-Telegram-Bot-Api-Secret-Token
  PEER_DB               SQLite database (schema.sql applied)
  PEER_SITE_NAME        site name in the texts (default tglink)
"""
import logging
import os
import time
from typing import Any, Awaitable, Callable

import aiosqlite
from aiogram import BaseMiddleware, Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

import replies

TOKEN = os.environ["PEER_BOT_TOKEN"]
SECRET = os.environ["PEER_WEBHOOK_SECRET"]
DB_PATH = os.environ["PEER_DB"]
FAKE_API_URL = os.environ["PEER_FAKE_API_URL"]
PORT = int(os.environ["PEER_PORT"])

router = Router()
router.message.filter(F.chat.type == "private")


async def member(db: aiosqlite.Connection, chat_id: int):
    """(username, is_admin) of the site account linked to this chat, or None."""
    async with db.execute(
        "SELECT u.username, u.is_admin FROM links l JOIN users u ON u.id = l.user_id "
        "WHERE l.chat_id = ?",
        (chat_id,),
    ) as cur:
        return await cur.fetchone()


@router.message(CommandStart(deep_link=True))
async def start_with_token(message: Message, command: CommandObject, db: aiosqlite.Connection):
    payload = command.args.strip()
    async with db.execute(
        "SELECT t.user_id, t.expires_at, t.used, u.username FROM link_tokens t "
        "LEFT JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (replies.token_hash(payload),),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        await message.answer(replies.UNKNOWN_LINK, parse_mode="HTML")
    elif row[2]:
        await message.answer(replies.USED_LINK, parse_mode="HTML")
    elif row[1] <= time.time():
        await message.answer(replies.EXPIRED_LINK, parse_mode="HTML")
    else:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[
                InlineKeyboardButton(text=text, callback_data=data)
                for text, data in replies.confirm_buttons(payload)
            ]]
        )
        await message.answer(
            replies.confirm_prompt(row[3] or "?"), parse_mode="HTML", reply_markup=keyboard
        )


@router.message(CommandStart())
async def start(message: Message, db: aiosqlite.Connection):
    m = await member(db, message.chat.id)
    await message.answer(replies.welcome_member(m[0]) if m else replies.WELCOME, parse_mode="HTML")


@router.message(Command("whoami"))
async def whoami(message: Message, db: aiosqlite.Connection):
    m = await member(db, message.chat.id)
    text = replies.whoami(m[0], bool(m[1])) if m else replies.WHOAMI_UNKNOWN
    await message.answer(text, parse_mode="HTML")


@router.message(Command("help"))
async def help_(message: Message, db: aiosqlite.Connection):
    m = await member(db, message.chat.id)
    await message.answer(replies.help_member(m[0]) if m else replies.HELP, parse_mode="HTML")


@router.message(F.text)
async def anything_else(message: Message, db: aiosqlite.Connection):
    m = await member(db, message.chat.id)
    text = replies.NOT_UNDERSTOOD if m else replies.NOT_UNDERSTOOD_UNKNOWN
    await message.answer(text, parse_mode="HTML")


class SkipDuplicates(BaseMiddleware):
    """Records each update_id before handling it; an update seen before is dropped (Telegram
    redelivers updates it thinks were not received)."""

    async def __call__(
        self,
        handler: Callable[[Update, dict[str, Any]], Awaitable[Any]],
        event: Update,
        data: dict[str, Any],
    ) -> Any:
        db: aiosqlite.Connection = data["db"]
        cur = await db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id) VALUES (?)", (event.update_id,)
        )
        await db.commit()
        if cur.rowcount == 0:
            return None
        return await handler(event, data)


async def on_startup(dispatcher: Dispatcher) -> None:
    db = await aiosqlite.connect(DB_PATH, timeout=5.0)
    await db.execute("PRAGMA busy_timeout = 5000")
    await db.execute("PRAGMA synchronous = NORMAL")
    dispatcher["db"] = db


async def on_shutdown(dispatcher: Dispatcher) -> None:
    await dispatcher["db"].close()


def main() -> None:
    logging.basicConfig(level=os.environ.get("PEER_LOG_LEVEL", "WARNING"))
    session = AiohttpSession(api=TelegramAPIServer.from_base(FAKE_API_URL))
    bot = Bot(TOKEN, session=session)
    dp = Dispatcher()
    dp.update.outer_middleware(SkipDuplicates())
    dp.include_router(router)
    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)

    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=SECRET).register(
        app, path="/telegram/webhook"
    )
    app.router.add_get("/healthz", lambda _r: web.Response(text="ok"))
    setup_application(app, dp, bot=bot)
    web.run_app(app, host="127.0.0.1", port=PORT, print=None)


if __name__ == "__main__":
    main()
