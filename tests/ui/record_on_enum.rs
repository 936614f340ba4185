use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
enum Shape {
    Circle(f32),
    Empty,
}

fn main() {}
