use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(variant)]
enum Shape {
    BigCircle(f32),
    #[component(name = "big-circle")]
    Round(f32),
}

#[derive(ComponentType, Lift, Lower)]
#[component(enum)]
enum Color {
    Red,
    #[component(name = "red")]
    Crimson,
}

fn main() {}
