//! Channel-neutral conversation input and output.

use serde::{Deserialize, Serialize};

use crate::channel::Channel;

/// One thing a user sent: text typed, or the payload of a button pressed.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub channel: Channel,
    /// The user's id on that channel.
    pub user_id: String,
    pub text: String,
}

impl Incoming {
    pub fn new(channel: Channel, user_id: &str, text: &str) -> Self {
        Incoming {
            channel,
            user_id: user_id.to_owned(),
            text: text.to_owned(),
        }
    }
}

/// A button under a message; pressing it sends `payload` back as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub payload: String,
}

impl Button {
    pub fn new(label: impl Into<String>, payload: impl Into<String>) -> Self {
        Button {
            label: label.into(),
            payload: payload.into(),
        }
    }
}

/// One message of a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub text: String,
    pub buttons: Vec<Button>,
}

impl Message {
    pub fn text(text: impl Into<String>) -> Self {
        Message {
            text: text.into(),
            buttons: Vec::new(),
        }
    }

    pub fn with_buttons(text: impl Into<String>, buttons: Vec<Button>) -> Self {
        Message {
            text: text.into(),
            buttons,
        }
    }
}
