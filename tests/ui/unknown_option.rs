use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(recrod)]
struct Point {
    x: f32,
}

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Line {
    #[component(rename = "from")]
    start: f32,
}

fn main() {}
