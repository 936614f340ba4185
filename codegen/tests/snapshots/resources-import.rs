/// The WIT type `world-resource`.
/// A resource the host implements: handles to it are
/// `hoist::component::Resource<Self>`, and the host's trait for it
/// has its methods.
pub enum WorldResource {}
/// The host's implementation of resource `world-resource`.
pub trait HostWorldResource {
    /// The WIT function `[constructor]world-resource`.
    fn new(
        &mut self,
    ) -> ::hoist::anyhow::Result<::hoist::component::Resource<WorldResource>>;
    /// The WIT function `[method]world-resource.foo`.
    fn foo(
        &mut self,
        self_: ::hoist::component::Resource<WorldResource>,
    ) -> ::hoist::anyhow::Result<()>;
    /// The WIT function `[static]world-resource.static-foo`.
    fn static_foo(&mut self) -> ::hoist::anyhow::Result<()>;
    /// Drops the resource `rep`, whose last owned handle a guest dropped.
    fn drop(
        &mut self,
        rep: ::hoist::component::Resource<WorldResource>,
    ) -> ::hoist::anyhow::Result<()>;
}
/// The host's implementation of the functions and resources world `the-world` imports directly.
pub trait TheWorldImports: HostWorldResource {
    /// The WIT function `some-world-func`.
    fn some_world_func(
        &mut self,
    ) -> ::hoist::anyhow::Result<::hoist::component::Resource<WorldResource>>;
}
/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    some_world_func2_index: ::hoist::component::ComponentExportIndex,
    foo_foo_uses_resource_transitively: self::exports::foo::foo::uses_resource_transitively::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: TheWorldImports + self::foo::foo::resources::Host
            + self::foo::foo::long_use_chain1::Host
            + self::foo::foo::long_use_chain2::Host
            + self::foo::foo::long_use_chain3::Host
            + self::foo::foo::long_use_chain4::Host
            + self::foo::foo::transitive_interface_with_resource::Host,
    {
        Self::add_root_to_linker(linker, get)?;
        self::foo::foo::resources::add_to_linker(linker, get)?;
        self::foo::foo::long_use_chain1::add_to_linker(linker, get)?;
        self::foo::foo::long_use_chain2::add_to_linker(linker, get)?;
        self::foo::foo::long_use_chain3::add_to_linker(linker, get)?;
        self::foo::foo::long_use_chain4::add_to_linker(linker, get)?;
        self::foo::foo::transitive_interface_with_resource::add_to_linker(linker, get)?;
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
            "world-resource",
            ::hoist::component::ResourceType::host::<WorldResource>(),
            move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostWorldResource::drop(
                get(store.data_mut()),
                ::hoist::component::Resource::new_own(rep),
            ),
        )?;
        inst.func_wrap(
            "some-world-func",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (): (),
            | -> ::hoist::anyhow::Result<(::hoist::component::Resource<WorldResource>,)> {
                let host = get(caller.data_mut());
                let r = TheWorldImports::some_world_func(host)?;
                ::core::result::Result::Ok((r,))
            },
        )?;
        inst.func_wrap(
            "[constructor]world-resource",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (): (),
            | -> ::hoist::anyhow::Result<(::hoist::component::Resource<WorldResource>,)> {
                let host = get(caller.data_mut());
                let r = HostWorldResource::new(host)?;
                ::core::result::Result::Ok((r,))
            },
        )?;
        inst.func_wrap(
            "[method]world-resource.foo",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (arg0,): (::hoist::component::Resource<WorldResource>,),
            | -> ::hoist::anyhow::Result<()> {
                let host = get(caller.data_mut());
                let r = HostWorldResource::foo(host, arg0)?;
                ::core::result::Result::Ok(r)
            },
        )?;
        inst.func_wrap(
            "[static]world-resource.static-foo",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (): (),
            | -> ::hoist::anyhow::Result<()> {
                let host = get(caller.data_mut());
                let r = HostWorldResource::static_foo(host)?;
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
        let some_world_func2_index = instance
            .get_export_index(
                store.as_context_mut(),
                ::core::option::Option::None,
                "some-world-func2",
            )
            .ok_or_else(|| {
                ::hoist::anyhow::anyhow!(
                    "no exported function `some-world-func2` in world the-world"
                )
            })?;
        instance
            .get_typed_func::<
                (),
                (::hoist::component::Resource<WorldResource>,),
            >(store.as_context_mut(), &some_world_func2_index)?;
        let foo_foo_uses_resource_transitively = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/uses-resource-transitively",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/uses-resource-transitively` in world the-world"
                    )
                })?;
            self::exports::foo::foo::uses_resource_transitively::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            some_world_func2_index,
            foo_foo_uses_resource_transitively,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The WIT function `some-world-func2`.
    pub fn call_some_world_func2(
        &self,
        mut store: impl ::hoist::AsContextMut,
    ) -> ::hoist::anyhow::Result<::hoist::component::Resource<WorldResource>> {
        let callee = self
            .instance
            .get_typed_func::<
                (),
                (::hoist::component::Resource<WorldResource>,),
            >(store.as_context_mut(), &self.some_world_func2_index)?;
        let (ret0,) = callee.call(store.as_context_mut(), ())?;
        ::core::result::Result::Ok(ret0)
    }
    /// The functions of the exported interface `foo:foo/uses-resource-transitively`.
    pub fn foo_foo_uses_resource_transitively(
        &self,
    ) -> &self::exports::foo::foo::uses_resource_transitively::Guest {
        &self.foo_foo_uses_resource_transitively
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod resources {
            //! Bindings generated from WIT, for `foo/foo/resources`.
            /// The WIT type `bar`.
            /// A resource the host implements: handles to it are
            /// `hoist::component::Resource<Self>`, and the host's trait for it
            /// has its methods.
            pub enum Bar {}
            /// The WIT type `nested-own`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Copy, Eq)]
            pub struct NestedOwn {
                /// The field `nested-bar`.
                #[component(name = "nested-bar")]
                pub nested_bar: ::hoist::component::Resource<Bar>,
            }
            /// The WIT type `nested-borrow`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Copy, Eq)]
            pub struct NestedBorrow {
                /// The field `nested-bar`.
                #[component(name = "nested-bar")]
                pub nested_bar: ::hoist::component::Resource<Bar>,
            }
            /// The WIT type `some-handle`.
            pub type SomeHandle = ::hoist::component::Resource<Bar>;
            /// The WIT type `fallible`.
            /// A resource the host implements: handles to it are
            /// `hoist::component::Resource<Self>`, and the host's trait for it
            /// has its methods.
            pub enum Fallible {}
            /// The host's implementation of resource `bar`.
            pub trait HostBar {
                /// The WIT function `[constructor]bar`.
                fn new(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::hoist::component::Resource<Bar>>;
                /// The WIT function `[static]bar.static-a`.
                fn static_a(&mut self) -> ::hoist::anyhow::Result<u32>;
                /// The WIT function `[method]bar.method-a`.
                fn method_a(
                    &mut self,
                    self_: ::hoist::component::Resource<Bar>,
                ) -> ::hoist::anyhow::Result<u32>;
                /// Drops the resource `rep`, whose last owned handle a guest dropped.
                fn drop(
                    &mut self,
                    rep: ::hoist::component::Resource<Bar>,
                ) -> ::hoist::anyhow::Result<()>;
            }
            /// The host's implementation of resource `fallible`.
            pub trait HostFallible {
                /// The WIT function `[constructor]fallible`.
                fn new(
                    &mut self,
                ) -> ::hoist::anyhow::Result<
                    ::core::result::Result<
                        ::hoist::component::Resource<Fallible>,
                        ::std::string::String,
                    >,
                >;
                /// Drops the resource `rep`, whose last owned handle a guest dropped.
                fn drop(
                    &mut self,
                    rep: ::hoist::component::Resource<Fallible>,
                ) -> ::hoist::anyhow::Result<()>;
            }
            /// The host's implementation of the imported interface `foo:foo/resources`.
            pub trait Host: HostBar + HostFallible {
                /// The WIT function `bar-own-arg`.
                fn bar_own_arg(
                    &mut self,
                    x: ::hoist::component::Resource<Bar>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `bar-borrow-arg`.
                fn bar_borrow_arg(
                    &mut self,
                    x: ::hoist::component::Resource<Bar>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `bar-result`.
                fn bar_result(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::hoist::component::Resource<Bar>>;
                /// The WIT function `tuple-own-arg`.
                fn tuple_own_arg(
                    &mut self,
                    x: (::hoist::component::Resource<Bar>, u32),
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `tuple-borrow-arg`.
                fn tuple_borrow_arg(
                    &mut self,
                    x: (::hoist::component::Resource<Bar>, u32),
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `tuple-result`.
                fn tuple_result(
                    &mut self,
                ) -> ::hoist::anyhow::Result<(::hoist::component::Resource<Bar>, u32)>;
                /// The WIT function `option-own-arg`.
                fn option_own_arg(
                    &mut self,
                    x: ::core::option::Option<::hoist::component::Resource<Bar>>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `option-borrow-arg`.
                fn option_borrow_arg(
                    &mut self,
                    x: ::core::option::Option<::hoist::component::Resource<Bar>>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `option-result`.
                fn option_result(
                    &mut self,
                ) -> ::hoist::anyhow::Result<
                    ::core::option::Option<::hoist::component::Resource<Bar>>,
                >;
                /// The WIT function `result-own-arg`.
                fn result_own_arg(
                    &mut self,
                    x: ::core::result::Result<::hoist::component::Resource<Bar>, ()>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `result-borrow-arg`.
                fn result_borrow_arg(
                    &mut self,
                    x: ::core::result::Result<::hoist::component::Resource<Bar>, ()>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `result-result`.
                fn result_result(
                    &mut self,
                ) -> ::hoist::anyhow::Result<
                    ::core::result::Result<::hoist::component::Resource<Bar>, ()>,
                >;
                /// The WIT function `list-own-arg`.
                fn list_own_arg(
                    &mut self,
                    x: ::std::vec::Vec<::hoist::component::Resource<Bar>>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-borrow-arg`.
                fn list_borrow_arg(
                    &mut self,
                    x: ::std::vec::Vec<::hoist::component::Resource<Bar>>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `list-result`.
                fn list_result(
                    &mut self,
                ) -> ::hoist::anyhow::Result<
                    ::std::vec::Vec<::hoist::component::Resource<Bar>>,
                >;
                /// The WIT function `record-own-arg`.
                fn record_own_arg(
                    &mut self,
                    x: NestedOwn,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `record-borrow-arg`.
                fn record_borrow_arg(
                    &mut self,
                    x: NestedBorrow,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `record-result`.
                fn record_result(&mut self) -> ::hoist::anyhow::Result<NestedOwn>;
                /// The WIT function `func-with-handle-typedef`.
                fn func_with_handle_typedef(
                    &mut self,
                    x: SomeHandle,
                ) -> ::hoist::anyhow::Result<()>;
            }
            /// Registers the functions of `foo:foo/resources` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/resources")?;
                inst.resource(
                    "bar",
                    ::hoist::component::ResourceType::host::<Bar>(),
                    move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostBar::drop(
                        get(store.data_mut()),
                        ::hoist::component::Resource::new_own(rep),
                    ),
                )?;
                inst.resource(
                    "fallible",
                    ::hoist::component::ResourceType::host::<Fallible>(),
                    move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostFallible::drop(
                        get(store.data_mut()),
                        ::hoist::component::Resource::new_own(rep),
                    ),
                )?;
                inst.func_wrap(
                    "bar-own-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::hoist::component::Resource<Bar>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::bar_own_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "bar-borrow-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::hoist::component::Resource<Bar>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::bar_borrow_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "bar-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::hoist::component::Resource<Bar>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::bar_result(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "tuple-own-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): ((::hoist::component::Resource<Bar>, u32),),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::tuple_own_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "tuple-borrow-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): ((::hoist::component::Resource<Bar>, u32),),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::tuple_borrow_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "tuple-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        ((::hoist::component::Resource<Bar>, u32),),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::tuple_result(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "option-own-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (
                            arg0,
                        ): (::core::option::Option<::hoist::component::Resource<Bar>>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::option_own_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "option-borrow-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (
                            arg0,
                        ): (::core::option::Option<::hoist::component::Resource<Bar>>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::option_borrow_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "option-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        (::core::option::Option<::hoist::component::Resource<Bar>>,),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::option_result(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "result-own-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (
                            arg0,
                        ): (
                            ::core::result::Result<
                                ::hoist::component::Resource<Bar>,
                                (),
                            >,
                        ),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::result_own_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "result-borrow-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (
                            arg0,
                        ): (
                            ::core::result::Result<
                                ::hoist::component::Resource<Bar>,
                                (),
                            >,
                        ),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::result_borrow_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "result-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        (::core::result::Result<::hoist::component::Resource<Bar>, ()>,),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::result_result(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "list-own-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<::hoist::component::Resource<Bar>>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_own_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-borrow-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<::hoist::component::Resource<Bar>>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::list_borrow_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "list-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        (::std::vec::Vec<::hoist::component::Resource<Bar>>,),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::list_result(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "record-own-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (NestedOwn,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::record_own_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "record-borrow-arg",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (NestedBorrow,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::record_borrow_arg(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "record-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(NestedOwn,)> {
                        let host = get(caller.data_mut());
                        let r = Host::record_result(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "func-with-handle-typedef",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (SomeHandle,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::func_with_handle_typedef(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "[constructor]bar",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::hoist::component::Resource<Bar>,)> {
                        let host = get(caller.data_mut());
                        let r = HostBar::new(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "[static]bar.static-a",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(u32,)> {
                        let host = get(caller.data_mut());
                        let r = HostBar::static_a(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "[method]bar.method-a",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::hoist::component::Resource<Bar>,),
                    | -> ::hoist::anyhow::Result<(u32,)> {
                        let host = get(caller.data_mut());
                        let r = HostBar::method_a(host, arg0)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "[constructor]fallible",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        (
                            ::core::result::Result<
                                ::hoist::component::Resource<Fallible>,
                                ::std::string::String,
                            >,
                        ),
                    > {
                        let host = get(caller.data_mut());
                        let r = HostFallible::new(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
        pub mod long_use_chain1 {
            //! Bindings generated from WIT, for `foo/foo/long_use_chain1`.
            /// The WIT type `a`.
            /// A resource the host implements: handles to it are
            /// `hoist::component::Resource<Self>`, and the host's trait for it
            /// has its methods.
            pub enum A {}
            /// The host's implementation of resource `a`.
            pub trait HostA {
                /// Drops the resource `rep`, whose last owned handle a guest dropped.
                fn drop(
                    &mut self,
                    rep: ::hoist::component::Resource<A>,
                ) -> ::hoist::anyhow::Result<()>;
            }
            /// The host's implementation of the imported interface `foo:foo/long-use-chain1`.
            pub trait Host: HostA {}
            /// Registers the functions of `foo:foo/long-use-chain1` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/long-use-chain1")?;
                inst.resource(
                    "a",
                    ::hoist::component::ResourceType::host::<A>(),
                    move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostA::drop(
                        get(store.data_mut()),
                        ::hoist::component::Resource::new_own(rep),
                    ),
                )?;
                ::core::result::Result::Ok(())
            }
        }
        pub mod long_use_chain2 {
            //! Bindings generated from WIT, for `foo/foo/long_use_chain2`.
            /// The WIT type `a`.
            pub use super::super::super::foo::foo::long_use_chain1::A;
            /// The host's implementation of the imported interface `foo:foo/long-use-chain2`.
            pub trait Host {}
            /// Registers the functions of `foo:foo/long-use-chain2` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let _ = get;
                let mut root = linker.root();
                root.instance("foo:foo/long-use-chain2")?;
                ::core::result::Result::Ok(())
            }
        }
        pub mod long_use_chain3 {
            //! Bindings generated from WIT, for `foo/foo/long_use_chain3`.
            /// The WIT type `a`.
            pub use super::super::super::foo::foo::long_use_chain2::A;
            /// The host's implementation of the imported interface `foo:foo/long-use-chain3`.
            pub trait Host {}
            /// Registers the functions of `foo:foo/long-use-chain3` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let _ = get;
                let mut root = linker.root();
                root.instance("foo:foo/long-use-chain3")?;
                ::core::result::Result::Ok(())
            }
        }
        pub mod long_use_chain4 {
            //! Bindings generated from WIT, for `foo/foo/long_use_chain4`.
            /// The WIT type `a`.
            pub use super::super::super::foo::foo::long_use_chain3::A;
            /// The host's implementation of the imported interface `foo:foo/long-use-chain4`.
            pub trait Host {
                /// The WIT function `foo`.
                fn foo(
                    &mut self,
                ) -> ::hoist::anyhow::Result<
                    ::hoist::component::Resource<
                        super::super::super::foo::foo::long_use_chain1::A,
                    >,
                >;
            }
            /// Registers the functions of `foo:foo/long-use-chain4` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/long-use-chain4")?;
                inst.func_wrap(
                    "foo",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<
                        (
                            ::hoist::component::Resource<
                                super::super::super::foo::foo::long_use_chain1::A,
                            >,
                        ),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::foo(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
        pub mod transitive_interface_with_resource {
            //! Bindings generated from WIT, for `foo/foo/transitive_interface_with_resource`.
            /// The WIT type `foo`.
            /// A resource the host implements: handles to it are
            /// `hoist::component::Resource<Self>`, and the host's trait for it
            /// has its methods.
            pub enum Foo {}
            /// The host's implementation of resource `foo`.
            pub trait HostFoo {
                /// Drops the resource `rep`, whose last owned handle a guest dropped.
                fn drop(
                    &mut self,
                    rep: ::hoist::component::Resource<Foo>,
                ) -> ::hoist::anyhow::Result<()>;
            }
            /// The host's implementation of the imported interface `foo:foo/transitive-interface-with-resource`.
            pub trait Host: HostFoo {}
            /// Registers the functions of `foo:foo/transitive-interface-with-resource` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root
                    .instance("foo:foo/transitive-interface-with-resource")?;
                inst.resource(
                    "foo",
                    ::hoist::component::ResourceType::host::<Foo>(),
                    move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostFoo::drop(
                        get(store.data_mut()),
                        ::hoist::component::Resource::new_own(rep),
                    ),
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod foo {
        //! Bindings generated from WIT, for `exports/foo`.
        pub mod foo {
            //! Bindings generated from WIT, for `exports/foo/foo`.
            pub mod uses_resource_transitively {
                //! Bindings generated from WIT, for `exports/foo/foo/uses_resource_transitively`.
                /// The WIT type `foo`.
                pub use super::super::super::super::foo::foo::transitive_interface_with_resource::Foo;
                /// Typed access to the functions of the exported interface `foo:foo/uses-resource-transitively`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    handle_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/uses-resource-transitively` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let handle_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "handle",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `handle` in exported interface `foo:foo/uses-resource-transitively`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_interface_with_resource::Foo,
                                    >,
                                ),
                                (),
                            >(store.as_context_mut(), &handle_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            handle_index,
                        })
                    }
                    /// The WIT function `handle`.
                    pub fn call_handle(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: ::hoist::component::Resource<
                            super::super::super::super::foo::foo::transitive_interface_with_resource::Foo,
                        >,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_interface_with_resource::Foo,
                                    >,
                                ),
                                (),
                            >(store.as_context_mut(), &self.handle_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                }
            }
        }
    }
}
