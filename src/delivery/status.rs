//! What became of a delivery, as stored in `deliveries.status`.
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    /// Waiting for its turn (or for a retry).
    Pending,
    /// Claimed by a worker, whose lease fences it.
    Sending,
    /// Telegram took it; its message id is stored.
    Sent,
    /// The user blocked the bot (403); their link ended.
    Blocked,
    /// Refused for good, with the reason stored.
    Failed,
    /// Its broadcast was cancelled before it went out.
    Cancelled,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 6] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Sending,
        DeliveryStatus::Sent,
        DeliveryStatus::Blocked,
        DeliveryStatus::Failed,
        DeliveryStatus::Cancelled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Blocked => "blocked",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Cancelled => "cancelled",
        }
    }
}

impl FromStr for DeliveryStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<DeliveryStatus, String> {
        DeliveryStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown delivery status {s:?}"))
    }
}

impl std::fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::DeliveryStatus;

    #[test]
    fn every_status_reads_back() {
        for status in DeliveryStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
        assert!("sending ".parse::<DeliveryStatus>().is_err());
    }
}
