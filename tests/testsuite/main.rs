//! Integration tests: real frameworks, each rule, each class of bad input, the command line,
//! a property test that feeds the loader garbage, and the built site in a real browser.

mod bad_input;
mod browser;
mod cli;
mod fuzz;
mod harness;
mod real_frameworks;
mod rules;
mod serve;
mod site;
mod snapshots;
