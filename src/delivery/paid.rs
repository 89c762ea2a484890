//! Paid broadcasts (TGLINK_PAID_BROADCASTS): what a broadcast costs in Telegram Stars, for
//! compose and the broadcast's page (`admin/paid_cost.rs` shows it).
//!
//! Telegram's Bot FAQ: a bot may send about 30 messages a second for free; with
//! `allow_paid_broadcast` up to 1,000, paying 0.1 Star for each message above the free rate.
//! At a steady rate R the free share of the messages is 30/R, so N messages cost
//! N × (R − 30)/R × 0.1 Star. An estimate: replies share the free 30, and a broadcast that sends
//! slower than R (few recipients, one chat's messages a second apart) pays less.
use crate::config::FREE_SEND_RATE;

/// What one message above the free rate costs, in tenths of a Star.
const TENTHS_PER_MESSAGE: i64 = 1;

/// The cost of `messages` sent at `rate` a second, in tenths of a Star (0 at or below 30/s).
pub fn cost_tenths(messages: i64, rate: u32) -> i64 {
    if rate <= FREE_SEND_RATE || messages <= 0 {
        return 0;
    }
    let paid = i128::from(messages) * i128::from(rate - FREE_SEND_RATE);
    // Rounded up: Telegram charges whole messages.
    let paid = (paid + i128::from(rate) - 1) / i128::from(rate);
    i64::try_from(paid).unwrap_or(i64::MAX) * TENTHS_PER_MESSAGE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_messages_above_the_free_rate_cost() {
        assert_eq!(cost_tenths(1_000_000, 30), 0);
        assert_eq!(cost_tenths(1_000_000, 1000), 970_000);
        assert_eq!(cost_tenths(3, 1000), 3);
        assert_eq!(cost_tenths(0, 1000), 0);
    }
}
