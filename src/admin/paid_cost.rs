//! The cost in Stars that compose and a broadcast's page show when paid broadcasts are on
//! (`templates/admin/_paid_cost.html`); the arithmetic is `delivery::paid`'s.
use crate::config::Config;
use crate::delivery::paid::cost_tenths;
use crate::web::format::thousands;

/// "97,000 Stars", "0.3 Stars".
pub fn stars(tenths: i64) -> String {
    let whole = thousands(tenths / 10);
    match tenths % 10 {
        0 => format!("{whole} Stars"),
        d => format!("{whole}.{d} Stars"),
    }
}

/// What the pages show of a broadcast's cost.
#[derive(Debug, Clone)]
pub struct PaidCost {
    /// The rate it is paced at, TGLINK_SEND_RATE.
    pub rate: u32,
    /// Of every `rate` messages, how many are above the free rate.
    pub above_free: u32,
    /// Before sending: all its messages.
    pub estimate: String,
    /// After (or while) sending: the messages sent so far.
    pub spent: Option<String>,
}

impl PaidCost {
    /// The cost of `messages` under this configuration, and of `sent` of them when given;
    /// `None` when paid broadcasts are off.
    pub fn of(config: &Config, messages: i64, sent: Option<i64>) -> Option<PaidCost> {
        config.paid_broadcasts.then(|| PaidCost {
            rate: config.send_rate,
            above_free: config
                .send_rate
                .saturating_sub(crate::config::FREE_SEND_RATE),
            estimate: stars(cost_tenths(messages, config.send_rate)),
            spent: sent.map(|n| stars(cost_tenths(n, config.send_rate))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_read_as_telegram_writes_them() {
        assert_eq!(stars(970_000), "97,000 Stars");
        assert_eq!(stars(3), "0.3 Stars");
        assert_eq!(stars(0), "0 Stars");
    }
}
