hoist::component::flags! {
    Nothing {}
}

fn main() {}
