//! Tests of the figures: a month with answers worked out by hand, period
//! edges, and properties over random facts.

mod answers;
mod boundaries;
mod month;
mod props;
mod records;
mod sim;
