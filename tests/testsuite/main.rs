//! Integration tests: real frameworks, each rule, each class of bad input, the command line,
//! and a property test that feeds the loader garbage.

mod bad_input;
mod cli;
mod fuzz;
mod harness;
mod real_frameworks;
mod rules;
mod site;
mod snapshots;
