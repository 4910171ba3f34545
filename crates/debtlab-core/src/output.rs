//! Output columns (MODEL.md section 7): stable names for CSV headers, JSON
//! keys and Python data frames. One macro list is the single source of the
//! names, units and docs, and of the `Row` struct.

macro_rules! columns {
    ($($field:ident : $unit:literal, $doc:literal;)*) => {
        /// One output row: every column at one step.
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct Row {
            $(#[doc = $doc] pub $field: f64,)*
        }

        /// Name, unit and doc of every column, in output order.
        pub const COLUMNS: &[ColumnSpec] = &[
            $(ColumnSpec { name: stringify!($field), unit: $unit, doc: $doc },)*
        ];

        impl Row {
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

columns! {
    step: "", "step index t";
    year: "year", "calendar year start_year + t dt";
    debt_public: "$T", "debt held by the public D_t";
    debt_gross: "$T", "gross debt D_t + Dig_t";
    gdp_real: "$T/yr, start-year $", "real GDP Y_t";
    gdp_nominal: "$T/yr", "nominal GDP Ynom_t = P_t Y_t";
    price_level: "index, start = 1", "price level P_t";
    inflation: "1/yr", "inflation pi_t";
    money_growth: "1/yr", "money growth mu_t";
    policy_rate: "1/yr", "policy rate i_t";
    rate_10y: "1/yr", "10-year Treasury rate i10_t";
    rate_new: "1/yr", "new-issue rate inew_t";
    rate_effective: "1/yr", "average effective rate on the debt ieff_t";
    revenue: "$T/yr", "federal revenue R_t";
    outlays_primary: "$T/yr", "primary outlays G_t";
    interest: "$T/yr", "net interest INT_t = ieff_t D_t";
    defense: "$T/yr", "defense outlays G_def_t";
    spending_cuts: "$T/yr", "DOGE-style spending cuts C_t";
    automation_savings: "$T/yr", "federal workflow automation savings S_t";
    primary_deficit: "$T/yr", "primary deficit PD_t = G_t - R_t";
    debt_gdp: "ratio", "debt held by the public / nominal GDP";
    gross_gdp: "ratio", "gross debt / nominal GDP";
    real_debt: "$T, start-year $", "real debt D_t / P_t";
    r_minus_g: "1/yr", "effective rate minus nominal GDP growth";
    pb_stabilizing: "share of GDP", "primary surplus/GDP that holds debt/GDP flat";
    interest_revenue: "ratio", "interest / revenue";
    interest_defense: "ratio", "interest / defense outlays";
    output_gap: "share of potential", "output gap gap_t";
    unemployment: "share", "unemployment rate u_t";
    displaced: "million", "displaced workers not yet re-employed X_t";
    ai_index: "index, start = 1", "effective AI productivity index Z_eff_t (with shock)";
    aipi_cpi_spread: "index points", "100 Z_eff_t - 100 P_t";
    energy_price: "$/kWh", "nominal energy price P_t pE_t";
    energy_met_share: "share", "share of the AI energy need that is met q_t";
    compute_price: "$/GPU-hour", "nominal compute price P_t pC_t";
    robot_hour_cost: "$/h", "nominal cost of one robot hour";
    debt_kwh: "kWh", "debt held by the public in kWh of energy";
    debt_gpu_hours: "GPU-hours", "debt held by the public in GPU-hours of compute";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_spec_order() {
        let names = Column::names();
        assert_eq!(names.len(), 38);
        assert_eq!(names[0], "step");
        assert_eq!(names[20], "debt_gdp");
        assert_eq!(names[37], "debt_gpu_hours");
        let row = Row { debt_gdp: 1.5, ..Row::default() };
        assert_eq!(row.get(Column::by_name("debt_gdp").unwrap()), 1.5);
    }
}
