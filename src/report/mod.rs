//! Report stage: what people read about a run.

pub mod corpus;
pub mod diff;
pub mod html;
pub mod summary;
