//! Hits per store: how many steps each place served (the graphroot, each additional image,
//! layer or artifact store, the registry), in the order CRI-O looks.

use crate::components::bar_chart::bar_chart;
use crate::state::SimView;
use yew::prelude::*;

pub fn hits_chart(view: &SimView) -> Html {
    view.charts.iter().find(|c| c.key == "hits").map_or_else(Html::default, |c| bar_chart(c, "chart-hits"))
}
