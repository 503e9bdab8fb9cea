//! Registry bytes per node: what each node downloaded (sizes from the scenario), a bar per node
//! or, in a fleet, nodes counted by range (the engine decides, `sim_view.rs`).

use crate::components::bar_chart::bar_chart;
use crate::state::SimView;
use yew::prelude::*;

pub fn bytes_chart(view: &SimView) -> Html {
    view.charts.iter().find(|c| c.key == "bytes").map_or_else(Html::default, |c| bar_chart(c, "chart-bytes"))
}
