//! The cost in Stars that compose and a broadcast's page show when paid broadcasts are on
//! (`templates/admin/_paid_cost.html`); the arithmetic is `delivery::paid`'s.
use crate::config::Config;
use crate::delivery::paid::cost_tenths;
use crate::web::format::thousands;

/// "97,000 Stars", "0.3 Stars", in the reader's language (its plural by the amount).
pub fn stars(tenths: i64) -> String {
    let whole = thousands(tenths / 10);
    let (count, shown): (crate::i18n::FluentValue<'_>, String) = match tenths % 10 {
        0 => ((tenths / 10).into(), whole),
        d => ((tenths as f64 / 10.0).into(), format!("{whole}.{d}")),
    };
    crate::i18n::t_args("manage-stars", &[("count", count), ("shown", shown.into())])
}

/// What the pages show of a broadcast's cost.
#[derive(Debug, Clone)]
pub struct PaidCost {
    /// The sentence with the estimate (and what was spent), the amounts in `<strong>`s with
    /// their ids: markup of ours and numbers only.
    pub summary: String,
    /// How Telegram charges.
    pub help: String,
}

impl PaidCost {
    /// The cost of `messages` under this configuration, and of `sent` of them when given;
    /// `None` when paid broadcasts are off.
    pub fn of(config: &Config, messages: i64, sent: Option<i64>) -> Option<PaidCost> {
        if !config.paid_broadcasts {
            return None;
        }
        let rate = config.send_rate;
        let above_free = rate.saturating_sub(crate::config::FREE_SEND_RATE);
        let estimate = format!(
            "<strong id=\"paid-estimate\">{}</strong>",
            stars(cost_tenths(messages, rate))
        );
        let summary = match sent {
            Some(n) => crate::i18n::t_args(
                "manage-paid-estimate-spent",
                &[
                    ("rate", rate.into()),
                    ("estimate", estimate.into()),
                    (
                        "spent",
                        format!(
                            "<strong id=\"paid-spent\">{}</strong>",
                            stars(cost_tenths(n, rate))
                        )
                        .into(),
                    ),
                ],
            ),
            None => crate::i18n::t_args(
                "manage-paid-estimate",
                &[("rate", rate.into()), ("estimate", estimate.into())],
            ),
        };
        let help = crate::i18n::t_args(
            "manage-paid-help",
            &[("rate", rate.into()), ("above", above_free.into())],
        );
        Some(PaidCost { summary, help })
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
