// An unknown world: the error lists the worlds there are.
hoist::bindgen!({
    inline: "
        package a:b;
        world w1 {}
        world w2 {}
    ",
    world: "w3",
});

fn main() {}
