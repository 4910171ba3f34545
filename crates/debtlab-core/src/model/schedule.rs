//! The schedulable parameters of MODEL.md section 2: a number or a list of
//! `[calendar year, value]` points, evaluated at each step's start.
//!
//! A run evaluates them once per step into a table ([`table`]); a Monte
//! Carlo path whose draw sets one of them holds it constant instead.

use crate::num::Real;
use crate::params::ModelParams;

macro_rules! scheduled {
    ($($index:literal $field:ident: $name:literal => $($path:ident).+;)*) => {
        /// The scheduled parameters' values at one step.
        #[derive(Debug, Clone, Copy, PartialEq, Default)]
        pub struct Sched<V> {
            $(#[doc = concat!("`", $name, "`")] pub $field: V,)*
        }

        impl<V: Real> Sched<V> {
            /// [`Sched::from_lanes`]'s `bill_share` alone (the one value a step reads at `t + 1`).
            #[inline(always)]
            pub fn bill_share_from_lanes(base: &[f64; COUNT], drawn: &[bool; COUNT], lanes: &[[f64; 8]; COUNT]) -> V {
                if drawn[BILL_SHARE] { V::load(&lanes[BILL_SHARE]) } else { V::splat(base[BILL_SHARE]) }
            }
        }

        /// Their dotted names, in the order of [`Sched::from_array`].
        pub const NAMES: [&str; COUNT] = [$($name),*];

        impl<V: Real> Sched<V> {
            /// The values in the order of [`NAMES`], the same on every lane.
            #[inline(always)]
            pub fn from_array(values: &[f64; COUNT]) -> Sched<V> {
                Sched { $($field: V::splat(values[$index]),)* }
            }

            /// The values of a step of a group of lanes: `base` on every lane,
            /// except the parameters `drawn` per path, which are `lanes`.
            #[inline(always)]
            pub fn from_lanes(base: &[f64; COUNT], drawn: &[bool; COUNT], lanes: &[[f64; 8]; COUNT]) -> Sched<V> {
                Sched {
                    $($field: if drawn[$index] { V::load(&lanes[$index]) } else { V::splat(base[$index]) },)*
                }
            }

            /// Moves a group's values to another step: only the parameters
            /// that `vary` over time (and are not drawn) change.
            #[inline(always)]
            pub fn refresh(&mut self, base: &[f64; COUNT], vary: &[bool; COUNT]) {
                $(if vary[$index] { self.$field = V::splat(base[$index]); })*
            }
        }

        /// Every scheduled parameter of `p` at calendar year `year`.
        pub fn values_at(p: &ModelParams, year: f64) -> [f64; COUNT] {
            [$(p.$($path).+.value_at(year)),*]
        }

        /// Which scheduled parameters of `p` are given as schedules (the
        /// others are the same at every step).
        pub fn varying(p: &ModelParams) -> [bool; COUNT] {
            [$(matches!(p.$($path).+, crate::params::Number::Scheduled(_))),*]
        }

        /// Scheduled parameter `index` (of [`NAMES`]) of `p` at calendar year `year`.
        pub fn value_at(p: &ModelParams, index: usize, year: f64) -> f64 {
            match index {
                $($index => p.$($path).+.value_at(year),)*
                _ => panic!("internal: no scheduled parameter {index}"),
            }
        }
    };
}

/// How many parameters are schedulable.
pub const COUNT: usize = 17;
/// The index of `debt.bill_share`.
const BILL_SHARE: usize = 7;

scheduled! {
    0 target: "prices.target" => prices.target;
    1 pass_through: "prices.pass_through" => prices.pass_through;
    2 velocity_growth: "prices.velocity_growth" => prices.velocity_growth;
    3 money_growth: "money.growth" => money.growth;
    4 r_star: "policy.r_star" => policy.r_star;
    5 floor: "policy.floor" => policy.floor;
    6 term_premium: "rates.term_premium" => rates.term_premium;
    7 bill_share: "debt.bill_share" => debt.bill_share;
    8 tax_labor: "fiscal.tax_labor" => fiscal.tax_labor;
    9 tax_capital: "fiscal.tax_capital" => fiscal.tax_capital;
    10 tax_other: "fiscal.tax_other" => fiscal.tax_other;
    11 other_financing: "fiscal.other_financing" => fiscal.other_financing;
    12 admin_share: "fiscal.admin_share" => fiscal.admin_share;
    13 automation_cut: "fiscal.automation_cut" => fiscal.automation_cut;
    14 cut_target: "fiscal.cut_target" => fiscal.cut_target;
    15 cut_achieved: "fiscal.cut_achieved" => fiscal.cut_achieved;
    16 demand_shock: "demand.shock" => demand.shock;
}

/// The index of a scheduled parameter in [`NAMES`].
pub fn index(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

/// The scheduled values of every step `0..=T + 1` of a run of `p` (one step
/// past the end, for the values a step reads at `t + 1`), and under rational
/// expectations of the steps it simulates past its horizon (MODEL.md 3.10).
pub fn table(p: &ModelParams) -> Vec<[f64; COUNT]> {
    let dt = p.run.dt;
    let rows = p.run.steps() + 2 + super::foresight::extra_steps(p);
    (0..rows).map(|t| values_at(p, p.run.start_year + t as f64 * dt)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::spec::{Kind, SCALAR_PARAMS};

    /// The list names exactly the parameters the table marks schedulable, and
    /// each entry reads its own parameter.
    #[test]
    fn the_list_is_the_schedulable_parameters() {
        assert_eq!(NAMES[BILL_SHARE], "debt.bill_share");
        let mut schedulable: Vec<&str> = SCALAR_PARAMS
            .iter()
            .filter(|p| matches!(p.kind, Kind::Number { schedulable: true, .. }))
            .map(|p| p.name)
            .collect();
        let mut listed = NAMES.to_vec();
        schedulable.sort();
        listed.sort();
        assert_eq!(listed, schedulable);
        for (i, name) in NAMES.iter().enumerate() {
            let mut p = ModelParams::default();
            let set = crate::params::model::scalar_setter(name).expect("a number");
            set(&mut p, 7.0 + i as f64);
            let values = values_at(&p, 2030.0);
            assert_eq!(values[i], 7.0 + i as f64, "{name}");
            assert_eq!(values.iter().filter(|&&v| v != 0.0).count(), 1, "{name}");
        }
    }
}
