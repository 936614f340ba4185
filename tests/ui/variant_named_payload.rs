use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(variant)]
enum Shape {
    Circle { radius: f32 },
    Empty,
}

fn main() {}
