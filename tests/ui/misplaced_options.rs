use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(record, name = "point")]
struct Point {
    x: f32,
}

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Line {
    #[component(record)]
    start: f32,
}

#[derive(ComponentType, Lift, Lower)]
#[component]
struct Bare {
    x: f32,
}

fn main() {}
