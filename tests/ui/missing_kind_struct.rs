use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
struct Point {
    x: f32,
    y: f32,
}

fn main() {}
