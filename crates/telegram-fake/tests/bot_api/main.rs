//! The fake Bot API, driven by a real teloxide-core `Bot` (and raw HTTP where teloxide would
//! hide the wire), so the app's tests can trust it.

mod builders;
mod conversation;
mod failures;
mod groups;
mod helpers;
mod html;
mod messages;
mod polling;
mod raw_http;
mod webhook;
