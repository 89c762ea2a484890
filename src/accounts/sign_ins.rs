//! Every sign-in, told to whoever listens (the Telegram side sends new-browser alerts), so this
//! room need not know Telegram.
use tokio::sync::mpsc;

use crate::accounts::domain::UserId;

/// One sign-in: who, the session's public id (to end it), the browser, and whether this browser
/// had never signed in to the account before.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub user: UserId,
    pub sid: String,
    pub browser: String,
    pub new_browser: bool,
}

/// The sending end, in the app's data.
#[derive(Clone)]
pub struct SignIns(mpsc::UnboundedSender<SignIn>);

impl SignIns {
    pub fn channel() -> (SignIns, mpsc::UnboundedReceiver<SignIn>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (SignIns(tx), rx)
    }

    /// Tells the listener, if it still listens (it stops only at shutdown).
    pub fn emit(&self, sign_in: SignIn) {
        let _ = self.0.send(sign_in);
    }
}
