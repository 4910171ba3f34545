//! Output columns (MODEL.md sections 3.9 and 7): stable names for CSV
//! headers, JSON keys and Python data frames. One macro list is the single
//! source of each column's name, unit, doc and formula (from the step's
//! [`Values`]), of the `Row` struct, and of [`value`], which a deterministic
//! run evaluates for every column and the Monte Carlo kernel only for the
//! columns it summarises.

use crate::model::energy::robot_hour_cost;
use crate::model::fiscal::{DEFENSE, HEALTH, OTHER};
use crate::model::path::PathParams;
use crate::model::Values;
use crate::num::Real;

macro_rules! columns {
    ($($field:ident : $unit:literal, $doc:literal, |$v:ident, $c:ident| $formula:expr;)*) => {
        /// One output row: every column at one step.
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct Row {
            $(#[doc = $doc] pub $field: f64,)*
        }

        /// Name, unit and doc of every column, in output order.
        pub const COLUMNS: &[ColumnSpec] = &[
            $(ColumnSpec { name: stringify!($field), unit: $unit, doc: $doc },)*
        ];

        /// Every column as a name the compiler checks, in output order.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Id {
            $($field,)*
        }

        const IDS: &[Id] = &[$(Id::$field,)*];

        /// Column `column` of one step (of every lane).
        #[inline(always)]
        pub fn value<V: Real>(column: Column, values: &Values<V>, params: &PathParams<V>) -> V {
            match IDS[column.0] {
                $(Id::$field => {
                    let ($v, $c) = (values, params);
                    let _ = $c;
                    $formula
                })*
            }
        }

        impl Row {
            /// Every column of one step of a run.
            pub fn new(values: &Values<f64>, params: &PathParams<f64>) -> Row {
                Row { $($field: value(Column(Id::$field as usize), values, params),)* }
            }

            /// Every column's value, in the order of [`COLUMNS`].
            pub fn values(&self) -> Vec<f64> {
                vec![$(self.$field,)*]
            }

            /// A column by its index in [`COLUMNS`].
            #[inline]
            pub fn get(&self, column: Column) -> f64 {
                const GETTERS: &[fn(&Row) -> f64] = &[$(|row: &Row| row.$field,)*];
                GETTERS[column.0](self)
            }
        }
    };
}

/// Name, unit and one-line doc of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub unit: &'static str,
    pub doc: &'static str,
}

/// A column, by its index in [`COLUMNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Column(pub usize);

impl Column {
    /// Looks a column up by its stable name.
    pub fn by_name(name: &str) -> Option<Column> {
        COLUMNS.iter().position(|c| c.name == name).map(Column)
    }
    pub fn spec(self) -> &'static ColumnSpec {
        &COLUMNS[self.0]
    }
    pub fn name(self) -> &'static str {
        COLUMNS[self.0].name
    }
    /// Every column name, for error hints.
    pub fn names() -> Vec<&'static str> {
        COLUMNS.iter().map(|c| c.name).collect()
    }
}

/// Nominal GDP growth over the step just ended, `ln(Ynom_t / Ynom_{t-1}) / dt`
/// (at `t = 0` from the backcast `Ynom_{-1}`, MODEL.md section 3).
#[inline(always)]
fn nominal_growth<V: Real>(v: &Values<V>, c: &PathParams<V>) -> V {
    (v.gdp_nominal / v.gdp_nominal_prev).ln() * c.inv_dt
}

columns! {
    step: "", "step index t", |v, c| V::splat(v.t as f64);
    year: "year", "calendar year start_year + t dt", |v, c| V::splat(v.year);
    debt_public: "$T", "debt held by the public D_t", |v, c| v.debt_public;
    debt_gross: "$T", "gross debt D_t + Dig_t", |v, c| v.debt_public + v.debt_intragov;
    gdp_real: "$T/yr, start-year $", "real GDP Y_t", |v, c| v.gdp_real;
    gdp_nominal: "$T/yr", "nominal GDP Ynom_t", |v, c| v.gdp_nominal;
    price_level: "index, start = 1", "price level P_t", |v, c| v.price_level;
    inflation: "1/yr", "inflation pi_t: an instantaneous annualised rate, the change in ln P over one step / dt (not the price level's change over a year: that is `inflation_yoy`; MODEL.md 3.5 for its timing)", |v, c| v.inflation;
    money_growth: "1/yr", "money growth mu_t (reported under `taylor`: pi + gY - g_V)", |v, c| v.money_growth;
    policy_rate: "1/yr", "policy rate i_t", |v, c| v.policy_rate;
    rate_10y: "1/yr", "10-year Treasury rate i10_t", |v, c| v.rate_10y;
    rate_new: "1/yr", "new-issue rate s_bill i_t + (1 - s_bill) i10_t", |v, c| {
        v.bill_share * v.policy_rate + (V::splat(1.0) - v.bill_share) * v.rate_10y
    };
    rate_effective: "1/yr", "average effective rate on the debt ieff_t", |v, c| v.rate_effective;
    revenue: "$T/yr", "federal revenue R_t", |v, c| v.revenue;
    outlays_primary: "$T/yr", "primary outlays G_t", |v, c| v.outlays_primary;
    interest: "$T/yr", "net interest INT_t, the step's average flow", |v, c| v.interest;
    defense: "$T/yr", "defense outlays", |v, c| v.lines[DEFENSE];
    spending_cuts: "$T/yr", "DOGE-style spending cuts C_t", |v, c| v.spending_cuts;
    automation_savings: "$T/yr", "federal workflow automation savings S_t", |v, c| v.automation_savings;
    primary_deficit: "$T/yr", "primary deficit PD_t = G_t - R_t", |v, c| v.primary_deficit;
    debt_gdp: "ratio", "debt held by the public / nominal GDP", |v, c| v.debt_gdp;
    gross_gdp: "ratio", "gross debt / nominal GDP", |v, c| (v.debt_public + v.debt_intragov) / v.gdp_nominal;
    real_debt: "$T, start-year $", "real debt D_t / P_t", |v, c| v.debt_public / v.price_level;
    r_minus_g: "1/yr", "effective rate minus nominal GDP growth", |v, c| v.rate_effective - nominal_growth(v, c);
    pb_stabilizing: "share of GDP", "primary surplus/GDP that holds debt/GDP flat", |v, c| {
        (v.rate_effective - nominal_growth(v, c)) * v.debt_gdp
    };
    interest_revenue: "ratio", "interest / revenue", |v, c| v.interest / v.revenue;
    interest_defense: "ratio", "interest / defense outlays", |v, c| v.interest / v.lines[DEFENSE];
    output_gap: "share of potential", "output gap gap_t", |v, c| v.output_gap;
    unemployment: "share", "unemployment rate u_t", |v, c| v.unemployment;
    displaced: "million", "displaced workers not yet re-employed X_t", |v, c| v.displaced;
    ai_index: "index, start = 1", "effective AI productivity index Z_eff_t (energy-limited, with shock)", |v, c| v.ai_index;
    aipi_cpi_spread: "index points", "100 Z_eff_t - 100 P_t", |v, c| V::splat(100.0) * v.ai_index - V::splat(100.0) * v.price_level;
    energy_price: "$/kWh", "nominal energy price P_t pE_t", |v, c| v.price_level * v.energy_price_real;
    energy_met_share: "share", "share of the AI energy need that is met q_t", |v, c| v.energy_met_share;
    compute_price: "$/GPU-hour", "nominal compute price P_t pC_t", |v, c| v.price_level * v.compute_price_real;
    robot_hour_cost: "$/h", "nominal cost of one robot hour", |v, c| {
        robot_hour_cost(c, v.price_level, v.energy_price_real, v.compute_price_real)
    };
    debt_kwh: "kWh", "debt held by the public in kWh of energy", |v, c| {
        v.debt_public * V::splat(1e12) / (v.price_level * v.energy_price_real)
    };
    debt_gpu_hours: "GPU-hours", "debt held by the public in GPU-hours of compute (more when compute is cheaper)", |v, c| {
        v.debt_public * V::splat(1e12) / (v.price_level * v.compute_price_real)
    };
    labor_share: "share of GDP", "labor income / GDP lsh_t", |v, c| v.labor_share;
    wage_index: "index, start = 1", "average nominal pay of the employed w_t", |v, c| v.wage_index;
    r_star: "1/yr", "natural real rate rstar_t (moves with expected trend growth)", |v, c| v.r_star;
    expected_inflation: "1/yr", "anchored expected inflation pia_t", |v, c| v.expected_inflation;
    expected_ai_growth: "1/yr", "expected AI growth gZe_t", |v, c| v.expected_ai_growth;
    rate_bills: "1/yr", "average rate on bills r_b,t", |v, c| v.rate_bills;
    rate_coupons: "1/yr", "average rate on notes and bonds r_c,t", |v, c| v.rate_coupons;
    outlays_social_security: "$T/yr", "Social Security outlays", |v, c| v.lines[0];
    outlays_health: "$T/yr", "federal health outlays", |v, c| v.lines[HEALTH];
    outlays_other: "$T/yr", "other primary outlays (before cuts, savings and unemployment costs)", |v, c| v.lines[OTHER];
    revenue_labor: "$T/yr", "revenue from taxes on labor income", |v, c| v.revenue_labor;
    revenue_capital: "$T/yr", "revenue from taxes on capital income", |v, c| v.revenue_capital;
    other_financing: "$T/yr", "other means of financing OMF_t (adds to borrowing)", |v, c| v.other_financing;
    money: "$T", "money stock M_t", |v, c| c.money0 * v.ln_money.exp();
    inflation_yoy: "1/yr", "inflation over the last year P_t / P_{t-n} - 1, n = round(1/dt) steps (the price level's change over a year, unlike `inflation`; before the start P is back-cast at start.inflation: MODEL.md 7)", |v, c| v.price_level / v.price_level_year_ago - V::splat(1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_keep_their_v1_order_and_add_v2s() {
        let names = Column::names();
        assert_eq!(names.len(), 53);
        assert_eq!(names[0], "step");
        assert_eq!(names[20], "debt_gdp");
        assert_eq!(names[37], "debt_gpu_hours");
        assert_eq!(names[51], "money");
        assert_eq!(names[52], "inflation_yoy");
        let row = Row { debt_gdp: 1.5, ..Row::default() };
        assert_eq!(row.get(Column::by_name("debt_gdp").unwrap()), 1.5);
    }
}
