//! Parameters: the table of names, units, docs and ranges ([`spec`]), values
//! with their origins ([`set`]), schedules ([`schedule`]) and the resolved,
//! typed parameters the model reads ([`model`]).

pub mod model;
pub mod schedule;
pub mod set;
pub mod slots;
pub mod spec;

pub use model::{Expectations, ModelParams, PolicyRule, SpendingLine};
pub use schedule::{Number, Schedule};
pub use set::{Origin, ParamSet, ParamValue, SectorValues};
pub use spec::{ParamSpec, Range};
