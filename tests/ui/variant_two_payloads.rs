use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(variant)]
enum Shape {
    Circle(f32),
    Rect(f32, f32),
    Empty,
}

fn main() {}
