//! The channels citizens write on. Stored with tickets, deliveries and conversation keys
//! by their lowercase names ("web", "telegram", "zalo"), which never change.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The web chat that `serve` opens.
    #[default]
    Web,
    Telegram,
    Zalo,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Web, Channel::Telegram, Channel::Zalo];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Telegram => "telegram",
            Channel::Zalo => "zalo",
        }
    }

    /// The channel with this stored name.
    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_stable() {
        for c in Channel::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Channel>(&json).unwrap(), c);
        }
    }
}
