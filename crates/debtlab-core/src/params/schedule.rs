//! Time-varying parameters: a list of `[year, value]` points, linearly
//! interpolated, held flat before the first point and after the last.

/// A piecewise-linear path in calendar years. Points are strictly increasing
/// in year (checked when a scenario is loaded).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    points: Vec<(f64, f64)>,
}

impl Schedule {
    /// Builds a schedule; returns the index of the first point whose year is
    /// not after the previous one, if any.
    pub fn new(points: Vec<(f64, f64)>) -> Result<Self, usize> {
        if points.is_empty() {
            return Err(0);
        }
        if let Some(bad) = (1..points.len()).find(|&i| points[i].0 <= points[i - 1].0) {
            return Err(bad);
        }
        Ok(Schedule { points })
    }

    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// The value at calendar year `year`.
    pub fn value_at(&self, year: f64) -> f64 {
        let first = self.points[0];
        let last = self.points[self.points.len() - 1];
        if year <= first.0 {
            return first.1;
        }
        if year >= last.0 {
            return last.1;
        }
        let after = self.points.partition_point(|p| p.0 <= year);
        let (y0, v0) = self.points[after - 1];
        let (y1, v1) = self.points[after];
        v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    }
}

/// A number parameter: a constant or a schedule.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    Constant(f64),
    Scheduled(Schedule),
}

impl Default for Number {
    fn default() -> Self {
        Number::Constant(0.0)
    }
}

impl Number {
    pub fn value_at(&self, year: f64) -> f64 {
        match self {
            Number::Constant(v) => *v,
            Number::Scheduled(s) => s.value_at(year),
        }
    }

    /// Every value the parameter can take (the constant, or each point's value).
    pub fn values(&self) -> Vec<f64> {
        match self {
            Number::Constant(v) => vec![*v],
            Number::Scheduled(s) => s.points.iter().map(|p| p.1).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_and_holds_flat_outside() {
        let s = Schedule::new(vec![(2026.0, 0.05), (2030.0, 0.01)]).unwrap();
        assert_eq!(s.value_at(2020.0), 0.05);
        assert_eq!(s.value_at(2040.0), 0.01);
        assert!((s.value_at(2028.0) - 0.03).abs() < 1e-15);
    }

    #[test]
    fn rejects_points_out_of_order() {
        assert_eq!(Schedule::new(vec![(2026.0, 1.0), (2026.0, 2.0)]), Err(1));
        assert_eq!(Schedule::new(vec![]), Err(0));
    }
}
