//! veille — media monitoring for French-language news.
//!
//! Data flows one way: [`corpus`] (reading articles) → [`text`] (the French pipeline) →
//! [`features`] (sparse TF-IDF) → [`model`] (themes) and [`countries`] → [`scored`] tags →
//! [`trends`] (polars) → [`report`] (plotters charts, HTML). [`cmd`] is the command line.

pub mod atomic;
pub mod cmd;
pub mod corpus;
pub mod countries;
mod f32_blob;
pub mod features;
pub mod metrics;
pub mod model;
mod prefetch;
pub mod report;
pub mod scored;
pub mod sparse;
mod table;
pub mod text;
pub mod trends;
