//! Integration tests: real frameworks, each rule, each class of bad input, the command line,
//! a property test that feeds the loader garbage, the built site in a real browser, the
//! self-assessment's data, and frameworks imported from spreadsheets.

mod assess;
mod bad_input;
mod browser;
mod cli;
mod fuzz;
mod harness;
mod import;
mod real_frameworks;
mod rules;
mod site;
mod snapshots;
