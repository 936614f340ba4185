use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(variant)]
struct Point {
    x: f32,
    y: f32,
}

fn main() {}
