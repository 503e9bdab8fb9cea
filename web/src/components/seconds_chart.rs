//! Start-up seconds per node, as ctrcfg's cost model puts them (modelled, and labelled so):
//! pulls, lazy fetches and container starts, a bar per node or nodes counted by range.

use crate::components::bar_chart::bar_chart;
use crate::state::SimView;
use yew::prelude::*;

pub fn seconds_chart(view: &SimView) -> Html {
    view.charts.iter().find(|c| c.key == "seconds").map_or_else(Html::default, |c| bar_chart(c, "chart-seconds"))
}
