/// The WIT type `baz`.
/// A resource the host implements: handles to it are
/// `hoist::component::Resource<Self>`, and the host's trait for it
/// has its methods.
pub enum Baz {}
/// The host's implementation of resource `baz`.
pub trait HostBaz {
    /// The WIT function `[method]baz.foo`.
    fn foo(
        &mut self,
        self_: ::hoist::component::Resource<Baz>,
    ) -> ::hoist::anyhow::Result<()>;
    /// Drops the resource `rep`, whose last owned handle a guest dropped.
    fn drop(
        &mut self,
        rep: ::hoist::component::Resource<Baz>,
    ) -> ::hoist::anyhow::Result<()>;
}
/// The host's implementation of the functions and resources world `the-world` imports directly.
pub trait TheWorldImports: HostBaz {
    /// The WIT function `foo`.
    fn foo(&mut self) -> ::hoist::anyhow::Result<()>;
}
/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: TheWorldImports + self::foo::foo::the_interface::Host,
    {
        Self::add_root_to_linker(linker, get)?;
        self::foo::foo::the_interface::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Registers the functions world `the-world` imports directly in the root of `linker`.
    pub fn add_root_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: TheWorldImports,
    {
        let mut inst = linker.root();
        inst.resource(
            "baz",
            ::hoist::component::ResourceType::host::<Baz>(),
            move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostBaz::drop(
                get(store.data_mut()),
                ::hoist::component::Resource::new_own(rep),
            ),
        )?;
        inst.func_wrap(
            "foo",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (): (),
            | -> ::hoist::anyhow::Result<()> {
                let host = get(caller.data_mut());
                let r = TheWorldImports::foo(host)?;
                ::core::result::Result::Ok(r)
            },
        )?;
        inst.func_wrap(
            "[method]baz.foo",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (arg0,): (::hoist::component::Resource<Baz>,),
            | -> ::hoist::anyhow::Result<()> {
                let host = get(caller.data_mut());
                let r = HostBaz::foo(host, arg0)?;
                ::core::result::Result::Ok(r)
            },
        )?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `the-world` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        ::core::result::Result::Ok(Self { instance: instance.clone() })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod the_interface {
            //! Bindings generated from WIT, for `foo/foo/the_interface`.
            /// The WIT type `bar`.
            /// A resource the host implements: handles to it are
            /// `hoist::component::Resource<Self>`, and the host's trait for it
            /// has its methods.
            pub enum Bar {}
            /// The host's implementation of resource `bar`.
            pub trait HostBar {
                /// The WIT function `[method]bar.foo`.
                fn foo(
                    &mut self,
                    self_: ::hoist::component::Resource<Bar>,
                ) -> ::hoist::anyhow::Result<()>;
                /// Drops the resource `rep`, whose last owned handle a guest dropped.
                fn drop(
                    &mut self,
                    rep: ::hoist::component::Resource<Bar>,
                ) -> ::hoist::anyhow::Result<()>;
            }
            /// The host's implementation of the imported interface `foo:foo/the-interface`.
            pub trait Host: HostBar {
                /// The WIT function `foo`.
                fn foo(&mut self) -> ::hoist::anyhow::Result<()>;
            }
            /// Registers the functions of `foo:foo/the-interface` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/the-interface")?;
                inst.resource(
                    "bar",
                    ::hoist::component::ResourceType::host::<Bar>(),
                    move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostBar::drop(
                        get(store.data_mut()),
                        ::hoist::component::Resource::new_own(rep),
                    ),
                )?;
                inst.func_wrap(
                    "foo",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::foo(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "[method]bar.foo",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::hoist::component::Resource<Bar>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = HostBar::foo(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
